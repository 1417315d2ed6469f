#include "app/ticket_service.hpp"

namespace aduan {

namespace {

Error busy() {
    return Error::unavailable("server busy, retry later");
}

Error no_ticket(std::int64_t id) {
    return Error::not_found("ticket " + std::to_string(id) + " not found");
}

}  // namespace

TicketService::TicketService(const Config& config, storage::Writer& writer,
                             storage::ReaderPool& readers, Clock clock)
    : config_(config), writer_(writer), readers_(readers), clock_(std::move(clock)) {}

template <typename T>
void TicketService::write(std::function<Result<T>(storage::Connection&)> apply, Done<T> done) {
    auto shared_done = std::make_shared<Done<T>>(std::move(done));
    if (!writer_.submit<T>(std::move(apply),
                           [shared_done](Result<T> r) { (*shared_done)(std::move(r)); }))
        (*shared_done)(busy());
}

template <typename T>
void TicketService::read(std::function<Result<T>(storage::Connection&)> query, Done<T> done) {
    auto shared_done = std::make_shared<Done<T>>(std::move(done));
    if (!readers_.submit<T>(std::move(query),
                            [shared_done](Result<T> r) { (*shared_done)(std::move(r)); }))
        (*shared_done)(busy());
}

void TicketService::publish(const TicketChange& change) const {
    for (const auto& l : listeners_)
        l(change);
}

sla::TicketClocks TicketService::refresh_sla(storage::Connection& c, const Ticket& t) const {
    auto clocks = replay(*config_.policies, t, storage::list_events(c, t.id));
    storage::update_sla(c, t.id, columns_of(clocks));
    return clocks;
}

void TicketService::record_sla_events(std::int64_t id) {
    auto change = std::make_shared<TicketChange>();
    write<Ok>(
        [this, id, change](storage::Connection& c) -> Result<Ok> {
            auto t = storage::find_ticket(c, id);
            if (!t) return no_ticket(id);
            const auto events = storage::list_events(c, id);
            const auto clocks = replay(*config_.policies, *t, events);
            const Instant now = clock_();
            for (const auto& [metric, clock] :
                 {std::pair{"first_response", &clocks.first_response()},
                  std::pair{"resolution", &clocks.resolution()}}) {
                // What the history last said about this clock.
                std::string last;
                for (const auto& e : events)
                    if ((e.type == "sla.warning" || e.type == "sla.breached") && e.to == metric)
                        last = e.type;
                const auto v = clock->view(now);
                TicketEvent e;
                e.ticket_id = id;
                e.actor = "system";
                e.to = metric;
                if (v.status == sla::ClockStatus::kBreached && last != "sla.breached" &&
                    v.breached_at) {
                    if (last.empty() &&
                        v.warning_at) {  // at risk first, even if both passed unseen
                        TicketEvent w = e;
                        w.type = "sla.warning";
                        w.at = *v.warning_at;
                        change->events.push_back(w);
                    }
                    e.type = "sla.breached";
                    e.at = *v.breached_at;
                    change->events.push_back(e);
                } else if (v.status == sla::ClockStatus::kWarning && last.empty() && v.warning_at) {
                    e.type = "sla.warning";
                    e.at = *v.warning_at;
                    change->events.push_back(e);
                }
            }
            if (!change->events.empty()) storage::append_events(c, change->events);
            change->before = *t;
            change->after = std::move(*t);
            return Ok{};
        },
        [this, change](Result<Ok> r) {
            if (r.ok() && !change->events.empty()) publish(*change);
        });
}

void TicketService::create(NewTicket ticket, Principal who, Done<TicketView> done) {
    // The ticket is built once, on the writer thread, and moved from there to the reply:
    // apply fills `change`, which is published after the commit, before the reply.
    auto change = std::make_shared<TicketChange>();
    auto sla = std::make_shared<SlaView>();
    write<Ok>(
        [this, ticket = std::move(ticket), who = std::move(who), change,
         sla](storage::Connection& c) mutable -> Result<Ok> {
            change->after = storage::insert_ticket(c, std::move(ticket), who, clock_());
            const sla::TicketClocks clocks(*config_.policies, change->after.created_at,
                                           attributes_of(change->after));
            change->sla = columns_of(clocks);
            storage::update_sla(c, change->after.id, *change->sla);
            *sla = view_of(clocks, change->after.created_at);
            return Ok{};
        },
        [this, change, sla, done = std::move(done)](Result<Ok> r) {
            if (!r.ok()) return done(r.take_error());
            publish(*change);
            done(TicketView{std::move(change->after), std::move(*sla)});
        });
}

void TicketService::get(std::int64_t id, Done<TicketView> done) {
    read<TicketView>(
        [this, id](storage::Connection& c) -> Result<TicketView> {
            auto t = storage::find_ticket(c, id);
            if (!t) return no_ticket(id);
            const auto clocks = replay(*config_.policies, *t, storage::list_events(c, id));
            return TicketView{std::move(*t), view_of(clocks, clock_())};
        },
        std::move(done));
}

void TicketService::list(storage::TicketFilter filter, Done<Page> done) {
    read<Page>(
        [this, filter = std::move(filter)](storage::Connection& c) -> Result<Page> {
            auto page = storage::list_tickets(c, filter);
            std::vector<std::int64_t> ids;
            for (const auto& t : page.items)
                ids.push_back(t.id);
            auto events = storage::list_events_for(c, ids);
            const Instant now = clock_();
            Page out;
            out.next = page.next;
            for (auto& t : page.items) {
                const auto clocks = replay(*config_.policies, t, events[t.id]);
                out.items.push_back(TicketView{std::move(t), view_of(clocks, now)});
            }
            return out;
        },
        std::move(done));
}

void TicketService::update(std::int64_t id, TicketPatch patch, Principal who,
                           Done<TicketView> done) {
    auto change = std::make_shared<TicketChange>();
    auto sla = std::make_shared<SlaView>();
    write<Ok>(
        [this, id, patch = std::move(patch), who = std::move(who), change,
         sla](storage::Connection& c) -> Result<Ok> {
            auto before = storage::find_ticket(c, id);
            if (!before) return no_ticket(id);
            const Instant now = clock_();
            auto applied = apply_patch(*before, patch, who, now);
            if (!applied.ok()) return applied.take_error();
            if (!applied->events.empty())
                storage::update_ticket(c, applied->ticket, applied->events);
            const auto clocks = refresh_sla(c, applied->ticket);
            *sla = view_of(clocks, now);
            change->sla = columns_of(clocks);
            change->before = std::move(*before);
            change->after = std::move(applied->ticket);
            change->events = std::move(applied->events);
            return Ok{};
        },
        [this, change, sla, done = std::move(done)](Result<Ok> r) {
            if (!r.ok()) return done(r.take_error());
            if (!change->events.empty()) publish(*change);
            done(TicketView{change->after, std::move(*sla)});
        });
}

void TicketService::respond(std::int64_t id, std::string body, bool is_public, Principal who,
                            Done<Response> done) {
    auto change = std::make_shared<TicketChange>();
    write<Response>(
        [this, id, body = std::move(body), is_public, who = std::move(who),
         change](storage::Connection& c) -> Result<Response> {
            auto before = storage::find_ticket(c, id);
            if (!before) return no_ticket(id);
            if (before->status == Status::kClosed)
                return Error::conflict("ticket " + std::to_string(id) + " is closed");
            const Instant now = clock_();
            auto response = storage::insert_response(c, id, who, is_public, body, now);
            Ticket after = *before;
            after.updated_at = now;
            if (is_public && !after.first_responded_at) after.first_responded_at = now;
            storage::update_ticket(c, after, {});
            change->sla = columns_of(refresh_sla(c, after));
            TicketEvent e;
            e.ticket_id = id;
            e.at = now;
            e.actor = who.name;
            e.type = "response";
            e.response = response;
            change->before = std::move(*before);
            change->after = std::move(after);
            change->events.push_back(std::move(e));
            return response;
        },
        [this, change, done = std::move(done)](Result<Response> r) {
            if (r.ok()) publish(*change);
            done(std::move(r));
        });
}

void TicketService::events(std::int64_t id, Done<std::vector<TicketEvent>> done) {
    read<std::vector<TicketEvent>>(
        [id](storage::Connection& c) -> Result<std::vector<TicketEvent>> {
            if (!storage::find_ticket(c, id)) return no_ticket(id);
            return storage::list_events(c, id);
        },
        std::move(done));
}

void TicketService::health(Done<Ok> done) {
    read<Ok>(
        [](storage::Connection& c) -> Result<Ok> {
            c.exec("SELECT 1 FROM tickets LIMIT 1");
            return Ok{};
        },
        std::move(done));
}

}  // namespace aduan
