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
bool TicketService::write(std::function<Result<T>(storage::Connection&)> apply, Done<T> done,
                          storage::Isolation isolation) {
    auto shared_done = std::make_shared<Done<T>>(std::move(done));
    if (writer_.submit<T>(
            std::move(apply), [shared_done](Result<T> r) { (*shared_done)(std::move(r)); },
            isolation))
        return true;
    (*shared_done)(busy());
    return false;
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

bool TicketService::change(std::function<Result<TicketChange>(storage::Connection&, Instant)> op,
                           std::function<void(Result<TicketChange>)> done,
                           storage::Isolation isolation) {
    // The change is built on the writer thread inside the batch transaction, published after
    // the commit (in commit order), then handed to the caller.
    auto result = std::make_shared<TicketChange>();
    return write<Ok>(
        [this, op = std::move(op), result](storage::Connection& c) -> Result<Ok> {
            auto r = op(c, clock_());
            if (!r.ok()) return r.take_error();
            *result = std::move(r.value());
            return Ok{};
        },
        [this, result, done = std::move(done)](Result<Ok> r) {
            if (!r.ok()) return done(r.take_error());
            if (!result->before || !result->events.empty()) publish(*result);
            done(std::move(*result));
        },
        isolation);
}

void TicketService::create(NewTicket ticket, Principal who, Done<TicketView> done) {
    auto shared = std::make_shared<NewTicket>(std::move(ticket));
    change(
        [this, shared, who = std::move(who)](storage::Connection& c, Instant now) {
            return ops::create(c, *config_.policies, std::move(*shared), who, now);
        },
        [done = std::move(done)](Result<TicketChange> r) {
            if (!r.ok()) return done(r.take_error());
            done(TicketView{std::move(r->after), std::move(r->view)});
        },
        // A creation never fails but by a storage error: no savepoint (see Writer).
        storage::Isolation::kBatch);
}

bool TicketService::record_sla_events(std::int64_t id) {
    return change(
        [this, id](storage::Connection& c, Instant now) {
            return ops::record_sla_events(c, *config_.policies, id, now);
        },
        [](Result<TicketChange>) {});
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
    change([this, id, patch = std::move(patch), who = std::move(who)](
               storage::Connection& c,
               Instant now) { return ops::update(c, *config_.policies, id, patch, who, now); },
           [done = std::move(done)](Result<TicketChange> r) {
               if (!r.ok()) return done(r.take_error());
               done(TicketView{std::move(r->after), std::move(r->view)});
           });
}

void TicketService::respond(std::int64_t id, std::string body, bool is_public, Principal who,
                            Done<Response> done) {
    change(
        [this, id, body = std::move(body), is_public, who = std::move(who)](storage::Connection& c,
                                                                            Instant now) {
            return ops::respond(c, *config_.policies, id, body, is_public, who, now);
        },
        [done = std::move(done)](Result<TicketChange> r) {
            if (!r.ok()) return done(r.take_error());
            done(std::move(*r->response));
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
    if (writer_.failing())
        return done(Error::unavailable("storage cannot write (the last commit failed)"));
    read<Ok>(
        [](storage::Connection& c) -> Result<Ok> {
            c.exec("SELECT 1 FROM tickets LIMIT 1");
            return Ok{};
        },
        std::move(done));
}

}  // namespace aduan
