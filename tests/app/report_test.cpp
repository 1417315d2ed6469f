// The reports' parameters (periods of local dates in any zone, DST days included), names and
// CSV fields, and the pipe that streams an export's body.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "app/report.hpp"
#include "net/body_pipe.hpp"
#include "support/eventually.hpp"
#include "wire/report_render.hpp"

using namespace aduan;
using report::Kind;

namespace {

Instant at(const char* rfc3339) {
    return *parse_rfc3339(rfc3339);
}

report::Request parse(const std::string& from, const std::string& to, const std::string& zone) {
    auto r = report::parse_request(Kind::kSla, {from, to, std::nullopt, std::nullopt}, zone,
                                   at("2026-11-29T00:00:00Z"));
    REQUIRE(r.ok());
    return *r;
}

}  // namespace

TEST_CASE("a period runs from local midnight of from to local midnight after to") {
    const auto jakarta = parse("2026-11-02", "2026-11-06", "Asia/Jakarta");
    CHECK(jakarta.period.begin == at("2026-11-01T17:00:00Z"));
    CHECK(jakarta.period.end == at("2026-11-06T17:00:00Z"));
    CHECK(jakarta.group_by == report::GroupBy::kCategory);
    CHECK(jakarta.format == report::Format::kJson);
    // One day is one day, whatever its length: 23 hours when Berlin springs forward...
    const auto spring = parse("2026-03-29", "2026-03-29", "Europe/Berlin");
    CHECK(spring.period.begin == at("2026-03-28T23:00:00Z"));
    CHECK(spring.period.end == at("2026-03-29T22:00:00Z"));
    // ...25 when it falls back.
    const auto autumn = parse("2026-10-25", "2026-10-25", "Europe/Berlin");
    CHECK(autumn.period.end - autumn.period.begin == std::chrono::hours(25));
    // Chile springs forward at midnight: 6 September 2026 has no 00:00, and starts at the jump.
    const auto santiago = parse("2026-09-06", "2026-09-06", "America/Santiago");
    CHECK(santiago.period.begin == at("2026-09-06T04:00:00Z"));
    CHECK(santiago.period.end == at("2026-09-07T03:00:00Z"));
    // Leap day.
    CHECK(parse("2028-02-29", "2028-02-29", "UTC").period.begin == at("2028-02-29T00:00:00Z"));
}

TEST_CASE("report parameters are checked, each problem with its field") {
    const auto now = at("2026-11-29T00:00:00Z");
    auto fields = [&](report::Params p) {
        auto r = report::parse_request(Kind::kBreaches, p, "Asia/Jakarta", now);
        std::vector<std::string> out;
        if (!r.ok())
            for (const auto& d : r.error().details)
                out.push_back(d.field);
        return out;
    };
    using F = std::vector<std::string>;
    CHECK(fields({"2026-11-01", "2026-11-30", "week", "xlsx"}).empty());
    CHECK(fields({"2026-11-01", "2026-11-01", std::nullopt, std::nullopt}).empty());
    CHECK(fields({"2026-11-02", "2026-11-01", std::nullopt, std::nullopt}) == F{"to"});
    CHECK(fields({"2026-02-29", "2026-13-01", std::nullopt, std::nullopt}) == F{"from", "to"});
    CHECK(fields({"2026-11-1", " 2026-11-01", std::nullopt, std::nullopt}) == F{"from", "to"});
    CHECK(fields({"20261101", "2026/11/01", std::nullopt, std::nullopt}) == F{"from", "to"});
    CHECK(fields({std::nullopt, std::nullopt, "Category", "CSV"}) ==
          F{"from", "to", "group_by", "format"});
    auto r = report::parse_request(Kind::kSla, {"2026-11-01", "2026-11-30", "agent", std::nullopt},
                                   "Asia/Jakarta", now);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().details[0].message ==
          "must be one of category, priority, channel, team, assignee, day, week, month");
}

TEST_CASE("a download's name says what and for when") {
    auto r = parse("2026-11-01", "2026-11-30", "Asia/Jakarta");
    CHECK(report::filename(r) == "aduan-sla-by-category-2026-11-01-to-2026-11-30.json");
    r.group_by = report::GroupBy::kWeek;
    r.format = report::Format::kXlsx;
    CHECK(report::filename(r) == "aduan-sla-by-week-2026-11-01-to-2026-11-30.xlsx");
    r.kind = Kind::kBreaches;
    r.format = report::Format::kCsv;
    CHECK(report::filename(r) == "aduan-breaches-2026-11-01-to-2026-11-30.csv");
}

TEST_CASE("compliance is written with four places") {
    CHECK(report::format_compliance(0) == "0.0000");
    CHECK(report::format_compliance(6667) == "0.6667");
    CHECK(report::format_compliance(10000) == "1.0000");
    CHECK(report::format_compliance(50) == "0.0050");
}

TEST_CASE("CSV fields are quoted as RFC 4180 asks, and formulas are defused") {
    CHECK(wire::csv_field("Insentif belum masuk") == "Insentif belum masuk");
    CHECK(wire::csv_field("") == "");
    CHECK(wire::csv_field("a,b") == "\"a,b\"");
    CHECK(wire::csv_field("kata \"segera\"") == "\"kata \"\"segera\"\"\"");
    CHECK(wire::csv_field("baris\nkedua") == "\"baris\nkedua\"");
    CHECK(wire::csv_field("cr\rlf") == "\"cr\rlf\"");
    CHECK(wire::csv_field("支付失败 💸") == "支付失败 💸");
    CHECK(wire::csv_field("=1+1") == "'=1+1");
    CHECK(wire::csv_field("+62 812") == "'+62 812");
    CHECK(wire::csv_field("-") == "'-");
    CHECK(wire::csv_field("@SUM(A1)") == "'@SUM(A1)");
    CHECK(wire::csv_field("=HYPERLINK(\"x\",\"y\")") == "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
    CHECK(wire::csv_field("a=b") == "a=b");
}

TEST_CASE("the body pipe holds a bounded number of pieces and stops a producer nobody reads") {
    auto [writer, reader] = net::BodyPipe::make(2);
    std::atomic<int> pushed{0};
    std::atomic<bool> refused{false};
    std::thread producer([&, w = writer.get()] {
        for (int i = 0; i < 100; ++i) {
            if (!w->push(std::to_string(i))) {
                refused = true;
                return;
            }
            ++pushed;
        }
        w->finish();
    });
    // The reader takes three pieces; the producer can never be more than two ahead of it.
    std::string piece;
    std::vector<std::string> got;
    std::atomic<bool> ready{false};
    reader->set_notify([&] { ready = true; });
    while (got.size() < 3) {
        const auto next = reader->pop(piece);
        if (next == net::BodyPipe::Reader::Next::kPiece) {
            got.push_back(piece);
            CHECK(pushed.load() <= int(got.size()) + 2);
        } else {
            REQUIRE(next == net::BodyPipe::Reader::Next::kWait);
            test::eventually([&] { return ready.exchange(false); }, std::chrono::seconds(10),
                             "the producer's next piece");
        }
    }
    CHECK(got == std::vector<std::string>{"0", "1", "2"});
    reader.reset();  // the client went away
    producer.join();
    CHECK(refused);
    CHECK(pushed.load() < 100);
}

TEST_CASE("the body pipe tells a finished body from a failed one") {
    {
        auto [writer, reader] = net::BodyPipe::make(4);
        REQUIRE(writer->push("a"));
        writer->finish();
        std::string piece;
        CHECK(reader->pop(piece) == net::BodyPipe::Reader::Next::kPiece);
        CHECK(piece == "a");
        CHECK(reader->pop(piece) == net::BodyPipe::Reader::Next::kDone);
    }
    {
        auto [writer, reader] = net::BodyPipe::make(4);
        REQUIRE(writer->push("a"));
        bool notified = false;
        reader->set_notify([&] { notified = true; });
        std::string piece;
        CHECK(reader->pop(piece) == net::BodyPipe::Reader::Next::kPiece);
        CHECK(reader->pop(piece) == net::BodyPipe::Reader::Next::kWait);
        writer.reset();  // the producer failed half-way
        CHECK(notified);
        CHECK(reader->pop(piece) == net::BodyPipe::Reader::Next::kFailed);
    }
}

TEST_CASE("text for a workbook loses only what XML forbids") {
    CHECK(wire::xml_text("Insentif belum masuk") == "Insentif belum masuk");
    CHECK(wire::xml_text("tab\tnew\nline\r") == "tab\tnew\nline\r");
    CHECK(wire::xml_text(std::string("a\0b", 3)) ==
          "a\xEF\xBF\xBD"
          "b");
    CHECK(wire::xml_text("\x01\x1F") == "\xEF\xBF\xBD\xEF\xBF\xBD");
    // U+FFFE and U+FFFF go; U+FFFD and other characters of that block stay.
    CHECK(wire::xml_text("x\xEF\xBF\xBEy\xEF\xBF\xBFz") == "x\xEF\xBF\xBDy\xEF\xBF\xBDz");
    CHECK(wire::xml_text("\xEF\xBF\xBD\xEF\xBF\xBC 支付") == "\xEF\xBF\xBD\xEF\xBF\xBC 支付");
}
