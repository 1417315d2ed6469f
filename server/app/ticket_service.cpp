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

void TicketService::create(NewTicket ticket, Principal who, Done<Ticket> done) {
    // The ticket is built once, on the writer thread, and moved from there to the reply:
    // apply fills `change`, which is published after the commit, before the reply.
    auto change = std::make_shared<TicketChange>();
    write<Ok>(
        [this, ticket = std::move(ticket), who = std::move(who),
         change](storage::Connection& c) mutable -> Result<Ok> {
            change->after = storage::insert_ticket(c, std::move(ticket), who, clock_());
            return Ok{};
        },
        [this, change, done = std::move(done)](Result<Ok> r) {
            if (!r.ok()) return done(r.take_error());
            publish(*change);
            done(std::move(change->after));
        });
}

void TicketService::get(std::int64_t id, Done<Ticket> done) {
    read<Ticket>(
        [id](storage::Connection& c) -> Result<Ticket> {
            auto t = storage::find_ticket(c, id);
            if (!t) return no_ticket(id);
            return std::move(*t);
        },
        std::move(done));
}

void TicketService::list(storage::TicketFilter filter, Done<storage::TicketPage> done) {
    read<storage::TicketPage>(
        [filter = std::move(filter)](storage::Connection& c) -> Result<storage::TicketPage> {
            return storage::list_tickets(c, filter);
        },
        std::move(done));
}

void TicketService::update(std::int64_t id, TicketPatch patch, Principal who, Done<Ticket> done) {
    auto change = std::make_shared<TicketChange>();
    write<Ticket>(
        [this, id, patch = std::move(patch), who = std::move(who),
         change](storage::Connection& c) -> Result<Ticket> {
            auto before = storage::find_ticket(c, id);
            if (!before) return no_ticket(id);
            auto applied = apply_patch(*before, patch, who, clock_());
            if (!applied.ok()) return applied.take_error();
            if (!applied->events.empty())
                storage::update_ticket(c, applied->ticket, applied->events);
            change->before = std::move(*before);
            change->after = applied->ticket;
            change->events = std::move(applied->events);
            return std::move(applied->ticket);
        },
        [this, change, done = std::move(done)](Result<Ticket> r) {
            if (r.ok() && !change->events.empty()) publish(*change);
            done(std::move(r));
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
