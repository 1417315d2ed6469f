// The tickets' routes (spec 4): create, list, read, change, respond, history; and the system
// routes (/healthz, /metrics, the configuration).
#include <nlohmann/json.hpp>

#include "api/reply.hpp"
#include "api/routes.hpp"
#include "service/service.hpp"
#include "wire/ticket_json.hpp"
#include "wire/ticket_query.hpp"

namespace aduan::api {

using namespace net;

namespace {

Error no_ticket(const std::string& id) {
    return Error::not_found("ticket " + id + " not found");
}

// The request's JSON body parsed by `parse` (wire/ticket_json.hpp) into its value.
template <typename Parse>
auto body_as(const HttpRequest& req, Parse parse) -> decltype(parse(nlohmann::json())) {
    auto body = wire::parse_body(req.body);
    if (!body.ok()) return body.take_error();
    return parse(*body);
}

HttpResponse ticket_created(const TicketView& t) {
    auto r = json_body(wire::render(t), 201);
    r.headers.emplace_back("Location", "/api/v1/tickets/" + std::to_string(t.ticket.id));
    return r;
}

HttpResponse ticket_page(const TicketService::Page& page) {
    wire::JsonWriter w;
    w.begin_object().key("items").begin_array();
    for (const auto& t : page.items)
        wire::write(w, t);
    w.end_array().key("next_cursor");
    page.next ? w.value(wire::encode_cursor(*page.next)) : w.null();
    return json_body(w.end_object().take());
}

HttpResponse event_list(const std::vector<TicketEvent>& events) {
    wire::JsonWriter w;
    w.begin_object().key("items").begin_array();
    for (const auto& e : events)
        wire::write(w, e);
    return json_body(w.end_array().end_object().take());
}

template <typename T>
HttpResponse rendered(const T& value) {
    return json_body(wire::render(value));
}

}  // namespace

void add_ticket_routes(Router& router, Service& s) {
    const Config& config = s.config();
    TicketService& tickets = s.tickets();

    router.add(
        Method::kPost, "/api/v1/tickets", access::ticket_writers(),
        [&](HttpRequest& req, const PathParams&, Reply reply) {
            auto t = body_as(req, [&](const auto& j) { return wire::parse_new_ticket(j, config); });
            if (!t.ok()) return fail(reply, t.error());
            tickets.create(std::move(*t), req.principal, answer<TicketView>(reply, ticket_created));
        });

    router.add(Method::kGet, "/api/v1/tickets", access::ticket_readers(),
               [&](HttpRequest& req, const PathParams&, Reply reply) {
                   auto filter = wire::parse_ticket_filter(req.query, config, now_utc());
                   if (!filter.ok()) return fail(reply, filter.error());
                   tickets.list(std::move(*filter),
                                answer<TicketService::Page>(reply, ticket_page));
               });

    router.add(Method::kGet, "/api/v1/tickets/{id}", access::ticket_readers(),
               [&](HttpRequest&, const PathParams& p, Reply reply) {
                   auto id = path_id(p[0]);
                   if (!id) return fail(reply, no_ticket(p[0]));
                   tickets.get(*id, answer<TicketView>(reply, rendered<TicketView>));
               });

    router.add(Method::kPatch, "/api/v1/tickets/{id}", access::ticket_writers(),
               [&](HttpRequest& req, const PathParams& p, Reply reply) {
                   auto id = path_id(p[0]);
                   if (!id) return fail(reply, no_ticket(p[0]));
                   auto patch =
                       body_as(req, [&](const auto& j) { return wire::parse_patch(j, config); });
                   if (!patch.ok()) return fail(reply, patch.error());
                   tickets.update(*id, std::move(*patch), req.principal,
                                  answer<TicketView>(reply, rendered<TicketView>));
               });

    router.add(Method::kPost, "/api/v1/tickets/{id}/responses", access::ticket_writers(),
               [&](HttpRequest& req, const PathParams& p, Reply reply) {
                   auto id = path_id(p[0]);
                   if (!id) return fail(reply, no_ticket(p[0]));
                   auto in = body_as(req, wire::parse_response);
                   if (!in.ok()) return fail(reply, in.error());
                   tickets.respond(*id, std::move(in->body), in->is_public, req.principal,
                                   answer<Response>(reply, [](const Response& r) {
                                       return json_body(wire::render(r), 201);
                                   }));
               });

    router.add(Method::kGet, "/api/v1/tickets/{id}/events", access::ticket_readers(),
               [&](HttpRequest&, const PathParams& p, Reply reply) {
                   auto id = path_id(p[0]);
                   if (!id) return fail(reply, no_ticket(p[0]));
                   tickets.events(*id, answer<std::vector<TicketEvent>>(reply, event_list));
               });
}

void add_system_routes(Router& router, Service& s) {
    router.add(Method::kGet, "/healthz", Access::anyone(),
               [&tickets = s.tickets()](HttpRequest&, const PathParams&, Reply reply) {
                   tickets.health([reply](Result<Ok> r) {
                       // Any failure is the store's, not the caller's: 503 with what failed.
                       reply.later([r = std::move(r)] {
                           return r.ok() ? json_body(R"({"status":"ok"})")
                                         : error_response(Error::unavailable(r.error().message));
                       });
                   });
               });
    router.add(Method::kGet, "/metrics", access::operators(),
               [&metrics = s.metrics()](HttpRequest&, const PathParams&, Reply reply) {
                   HttpResponse r;
                   r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                   r.body = metrics.render();
                   reply.send()(std::move(r));
               });
    // Everyone who works with tickets; a display token opens the wallboard only (spec 7).
    router.add(Method::kGet, "/api/v1/config", access::ticket_readers(),
               [&config = s.config()](HttpRequest&, const PathParams&, Reply reply) {
                   reply.send()(json_body(wire::render(config)));
               });
}

}  // namespace aduan::api
