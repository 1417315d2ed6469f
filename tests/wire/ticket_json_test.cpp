#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "wire/ticket_json.hpp"

using namespace aduan;
using nlohmann::json;

namespace {

const Config kConfig = default_config();

json minimal() {
    return {{"subject", "Insentif belum masuk"}, {"channel", "phone"}, {"category", "incentive"}};
}

std::vector<FieldError> errors_of(const json& j) {
    auto r = aduan::wire::parse_new_ticket(j, kConfig);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kValidation);
    return r.error().details;
}

bool has_error(const std::vector<FieldError>& errors, const std::string& field) {
    for (const auto& e : errors)
        if (e.field == field) return true;
    return false;
}

}  // namespace

TEST_CASE("a minimal ticket gets the defaults") {
    auto r = aduan::wire::parse_new_ticket(minimal(), kConfig);
    REQUIRE(r.ok());
    CHECK(r->priority == Priority::kNormal);
    CHECK(r->description.empty());
    CHECK_FALSE(r->assignee);
    CHECK(r->tags.empty());
}

TEST_CASE("a full ticket is read field by field") {
    json j = minimal();
    j["description"] = "Sudah 2 minggu";
    j["priority"] = "urgent";
    j["requester"] = {{"name", "Budi"},
                      {"phone", "+62 812-3456"},
                      {"email", "budi@example.id"},
                      {"external_id", "P-0012"}};
    j["assignee"] = "agent.one";
    j["team"] = "tier1";
    j["tags"] = {"vip", "repeat", "vip"};
    auto r = aduan::wire::parse_new_ticket(j, kConfig);
    REQUIRE(r.ok());
    CHECK(r->priority == Priority::kUrgent);
    CHECK(r->requester.email == "budi@example.id");
    CHECK(r->requester.external_id == "P-0012");
    CHECK(r->assignee == "agent.one");
    CHECK(r->team == "tier1");
    CHECK(r->tags == std::vector<std::string>{"vip", "repeat"});
}

TEST_CASE("required fields are named when missing") {
    auto errors = errors_of(json::object());
    CHECK(has_error(errors, "subject"));
    CHECK(has_error(errors, "channel"));
    CHECK(has_error(errors, "category"));
}

TEST_CASE("unknown fields and read-only fields are refused by name") {
    json j = minimal();
    j["colour"] = "red";
    j["status"] = "open";
    j["id"] = 5;
    auto errors = errors_of(j);
    CHECK(has_error(errors, "colour"));
    CHECK(has_error(errors, "status"));
    CHECK(has_error(errors, "id"));
}

TEST_CASE("wrong types are refused by name") {
    json j = minimal();
    j["subject"] = 5;
    CHECK(errors_of(j) == std::vector<FieldError>{{"subject", "must be a string"}});
    j = minimal();
    j["priority"] = 1;
    CHECK(errors_of(j) ==
          std::vector<FieldError>{
              {"priority", "must be a string, must be one of low, normal, high, urgent"}});
    j = minimal();
    j["tags"] = "vip";
    CHECK(errors_of(j) == std::vector<FieldError>{{"tags", "must be an array of strings"}});
    j = minimal();
    j["tags"] = {"ok", 3};
    CHECK(errors_of(j) == std::vector<FieldError>{{"tags[1]", "must be a string"}});
    j = minimal();
    j["requester"] = "Budi";
    CHECK(errors_of(j) == std::vector<FieldError>{{"requester", "must be an object"}});
    j = minimal();
    j["requester"] = {{"name", "Budi"}, {"nik", "123"}};
    CHECK(errors_of(j) == std::vector<FieldError>{{"requester.nik", "unknown field"}});
}

TEST_CASE("subject length is counted in characters, not bytes") {
    json j = minimal();
    j["subject"] = std::string(200, 'a');
    CHECK(aduan::wire::parse_new_ticket(j, kConfig).ok());
    j["subject"] = std::string(201, 'a');
    CHECK(errors_of(j) == std::vector<FieldError>{{"subject", "must be at most 200 characters"}});
    std::string javanese;
    for (int i = 0; i < 200; ++i)
        javanese += "\xea\xa6\xa0";  // U+A9A0, three bytes
    j["subject"] = javanese;
    CHECK(aduan::wire::parse_new_ticket(j, kConfig).ok());
    j["subject"] = "   ";
    CHECK(errors_of(j) == std::vector<FieldError>{{"subject", "must not be empty"}});
}

TEST_CASE("enumerations and configured names are checked") {
    json j = minimal();
    j["channel"] = "fax";
    CHECK(errors_of(j) ==
          std::vector<FieldError>{
              {"channel", "must be one of phone, email, chat, web, social, walk_in"}});
    j = minimal();
    j["category"] = "weather";
    CHECK(has_error(errors_of(j), "category"));
    j = minimal();
    j["team"] = "tier9";
    CHECK(has_error(errors_of(j), "team"));
    j = minimal();
    j["assignee"] = "no spaces";
    CHECK(has_error(errors_of(j), "assignee"));
    j = minimal();
    j["requester"] = {{"email", "not-an-address"}};
    CHECK(has_error(errors_of(j), "requester.email"));
    j = minimal();
    j["requester"] = {{"phone", "call me"}};
    CHECK(has_error(errors_of(j), "requester.phone"));
    j = minimal();
    j["tags"] = {"has space"};
    CHECK(has_error(errors_of(j), "tags[0]"));
}

TEST_CASE("every problem is reported at once, the message naming the first") {
    auto r = aduan::wire::parse_new_ticket(json{{"channel", "fax"}, {"priority", "hi"}}, kConfig);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().details.size() == 4);
    CHECK(r.error().message == "subject: is required (and 3 more)");
}

TEST_CASE("a body that is not an object is refused") {
    auto r = aduan::wire::parse_new_ticket(json::array(), kConfig);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().details == std::vector<FieldError>{{"body", "must be a JSON object"}});
}

TEST_CASE("malformed JSON is a bad request that says where") {
    auto r = aduan::wire::parse_body("{\"subject\": ");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kBadRequest);
    CHECK_THAT(r.error().message, Catch::StartsWith("body is not valid JSON: parse error"));
    CHECK_FALSE(aduan::wire::parse_body("\"\xff\"").ok());  // invalid UTF-8
}

TEST_CASE("a number beyond a double is a bad request, not a failure") {
    auto r = aduan::wire::parse_body(R"({"subject": 1e400})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kBadRequest);
    CHECK_THAT(r.error().message, Catch::Contains("number overflow"));
    CHECK_THAT(r.error().message, !Catch::Contains("json.exception"));
}

TEST_CASE("a patch reads only the changeable fields, null clears team and assignee") {
    auto p = aduan::wire::parse_patch(
        json{{"status", "open"}, {"team", nullptr}, {"assignee", "agent1"}}, kConfig);
    REQUIRE(p.ok());
    CHECK(p->status == Status::kOpen);
    REQUIRE(p->team);
    CHECK_FALSE(*p->team);
    CHECK(p->assignee ==
          std::optional<std::optional<std::string>>(std::optional<std::string>("agent1")));
    CHECK_FALSE(p->priority);

    auto bad =
        aduan::wire::parse_patch(json{{"subject", "new subject"}, {"status", "done"}}, kConfig);
    REQUIRE_FALSE(bad.ok());
    CHECK(
        bad.error().details ==
        std::vector<FieldError>{{"subject", "unknown field"},
                                {"status", "must be one of new, open, pending, resolved, closed"}});
}

TEST_CASE("a response needs a body, public defaults to true") {
    auto r = aduan::wire::parse_response(json{{"body", "Halo"}});
    REQUIRE(r.ok());
    CHECK(r->is_public);
    auto note = aduan::wire::parse_response(json{{"body", "internal"}, {"public", false}});
    REQUIRE(note.ok());
    CHECK_FALSE(note->is_public);
    auto bad = aduan::wire::parse_response(json{{"public", "yes"}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().details ==
          std::vector<FieldError>{{"body", "is required"}, {"public", "must be true or false"}});
}

TEST_CASE("a ticket renders with the contract's names, order and RFC 3339 instants") {
    Ticket t;
    t.id = 12;
    t.subject = "s";
    t.category = "other";
    t.channel = Channel::kWalkIn;
    t.created_at = t.updated_at = *parse_rfc3339("2026-11-27T09:15:00+07:00");
    const auto j = nlohmann::ordered_json::parse(aduan::wire::render(t));
    CHECK(j["channel"] == "walk_in");
    CHECK(j["created_at"] == "2026-11-27T02:15:00Z");
    CHECK(j["assignee"].is_null());
    CHECK(j["first_responded_at"].is_null());
    CHECK(j["requester"] == json::object());
    std::vector<std::string> keys;
    for (auto it = j.begin(); it != j.end(); ++it)
        keys.push_back(it.key());
    CHECK(keys == std::vector<std::string>{"id", "subject", "description", "channel", "category",
                                           "priority", "status", "requester", "assignee", "team",
                                           "tags", "created_at", "updated_at", "first_responded_at",
                                           "resolved_at", "closed_at"});
}

TEST_CASE("awkward text survives rendering: quotes, backslashes, controls, non-Latin") {
    Ticket t;
    t.subject = "\"Dana\" \\ belum\tcair\n\x01\x1f \xea\xa6\xa0 \xe5\x9c\xb0 \xf0\x9f\x98\x80";
    t.description = std::string("nul\0inside", 11);
    t.requester.email = "a@b.id";
    t.tags = {"x,y", "z"};
    t.assignee = "agent.one";
    t.first_responded_at = *parse_rfc3339("2026-01-02T03:04:05Z");
    const auto j = json::parse(aduan::wire::render(t));
    CHECK(j["subject"] == t.subject);
    CHECK(j["description"] == t.description);
    CHECK(j["requester"] == json{{"email", "a@b.id"}});
    CHECK(j["tags"] == json{"x,y", "z"});
    CHECK(j["assignee"] == "agent.one");
    CHECK(j["first_responded_at"] == "2026-01-02T03:04:05Z");
}

TEST_CASE("events render with from/to, or with their response") {
    TicketEvent e;
    e.id = 3;
    e.ticket_id = 9;
    e.actor = "agent1";
    e.type = "status";
    e.from = "new";
    e.to = "open";
    CHECK(json::parse(aduan::wire::render(e)) ==
          json::parse(R"({"id":3,"ticket_id":9,"at":"1970-01-01T00:00:00Z","actor":"agent1",
                          "type":"status","from":"new","to":"open"})"));
    e.type = "response";
    e.response = Response{1, 9, {}, "agent1", false, "catatan"};
    CHECK(json::parse(aduan::wire::render(e))["response"] ==
          json::parse(R"({"id":1,"ticket_id":9,"at":"1970-01-01T00:00:00Z","author":"agent1",
                          "public":false,"body":"catatan"})"));
}

TEST_CASE("a subject of nothing but invisible characters is empty") {
    using aduan::wire::is_blank;
    CHECK(is_blank(""));
    CHECK(is_blank(" \t\r\n"));
    CHECK(is_blank(std::string("\0\0", 2)));
    CHECK(
        is_blank("\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D"));  // zero-width space, non-joiner, joiner
    CHECK(is_blank("\xEF\xBB\xBF\xC2\xA0\xE3\x80\x80"));    // BOM, no-break space, ideographic
    CHECK_FALSE(is_blank("a"));
    CHECK_FALSE(
        is_blank("\xE2\x80\x8B"
                 "Dana"));
    CHECK_FALSE(is_blank("支付"));
    CHECK_FALSE(is_blank("\xF0\x9F\x92\xB8"));  // an emoji shows
    json j = {{"subject", "\u200b\u200b"}, {"channel", "phone"}, {"category", "incentive"}};
    auto r = aduan::wire::parse_new_ticket(j, kConfig);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().details == std::vector<FieldError>{{"subject", "must not be empty"}});
}
