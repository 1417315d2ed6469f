#include "app/ticket_ops.hpp"

namespace aduan::ops {

namespace {

Error no_ticket(std::int64_t id) {
    return Error::not_found("ticket " + std::to_string(id) + " not found");
}

// Replays the stored history, stores the summary, and notes both in the change.
void refresh(storage::Connection& c, const sla::PolicySet& policies, TicketChange& change,
             Instant now) {
    const auto clocks = replay(policies, change.after, storage::list_events(c, change.after.id));
    change.sla = columns_of(clocks);
    change.view = view_of(clocks, now);
    storage::update_sla(c, change.after.id, *change.sla);
}

}  // namespace

Result<TicketChange> create(storage::Connection& c, const sla::PolicySet& policies, NewTicket&& t,
                            const Principal& who, Instant now, Sla mode) {
    TicketChange change;
    if (mode == Sla::kDefer) {
        change.after = storage::insert_ticket(c, std::move(t), who, now);
        return change;
    }
    // A new ticket's clocks depend only on its attributes and `now`: computed first, they go
    // into the same INSERT.
    const sla::Attributes attributes{std::string(to_string(t.priority)), t.category,
                                     std::string(to_string(t.channel))};
    const sla::TicketClocks clocks(policies, now, attributes);
    change.sla = columns_of(clocks);
    change.view = view_of(clocks, now);
    change.after = storage::insert_ticket(c, std::move(t), who, now, &*change.sla);
    return change;
}

Result<TicketChange> update(storage::Connection& c, const sla::PolicySet& policies, std::int64_t id,
                            const TicketPatch& patch, const Principal& who, Instant now, Sla mode) {
    auto before = storage::find_ticket(c, id);
    if (!before) return no_ticket(id);
    auto applied = apply_patch(*before, patch, who, now);
    if (!applied.ok()) return applied.take_error();
    TicketChange change;
    change.before = std::move(*before);
    change.after = std::move(applied->ticket);
    change.events = std::move(applied->events);
    if (!change.events.empty()) storage::update_ticket(c, change.after, change.events);
    if (mode == Sla::kRefresh) refresh(c, policies, change, now);
    return change;
}

Result<TicketChange> respond(storage::Connection& c, const sla::PolicySet& policies,
                             std::int64_t id, const std::string& body, bool is_public,
                             const Principal& who, Instant now, Sla mode) {
    auto before = storage::find_ticket(c, id);
    if (!before) return no_ticket(id);
    if (before->status == Status::kClosed)
        return Error::conflict("ticket " + std::to_string(id) + " is closed");
    TicketChange change;
    change.response = storage::insert_response(c, id, who, is_public, body, now);
    change.after = *before;
    change.after.updated_at = now;
    if (is_public && !change.after.first_responded_at) change.after.first_responded_at = now;
    storage::update_ticket(c, change.after, {});
    TicketEvent e;
    e.ticket_id = id;
    e.at = now;
    e.actor = who.name;
    e.type = "response";
    e.response = change.response;
    change.events.push_back(std::move(e));
    change.before = std::move(*before);
    if (mode == Sla::kRefresh) refresh(c, policies, change, now);
    return change;
}

Result<TicketChange> record_sla_events(storage::Connection& c, const sla::PolicySet& policies,
                                       std::int64_t id, Instant now) {
    auto t = storage::find_ticket(c, id);
    if (!t) return no_ticket(id);
    const auto events = storage::list_events(c, id);
    const auto clocks = replay(policies, *t, events);
    TicketChange change;
    for (const auto& [metric, clock] : {std::pair{"first_response", &clocks.first_response()},
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
        if (v.status == sla::ClockStatus::kBreached && last != "sla.breached" && v.breached_at) {
            if (last.empty() && v.warning_at) {  // at risk first, even if both passed unseen
                TicketEvent w = e;
                w.type = "sla.warning";
                w.at = *v.warning_at;
                change.events.push_back(w);
            }
            e.type = "sla.breached";
            e.at = *v.breached_at;
            change.events.push_back(e);
        } else if (v.status == sla::ClockStatus::kWarning && last.empty() && v.warning_at) {
            e.type = "sla.warning";
            e.at = *v.warning_at;
            change.events.push_back(e);
        }
    }
    if (!change.events.empty()) storage::append_events(c, change.events);
    change.sla = columns_of(clocks);
    change.view = view_of(clocks, now);
    // The scheduler fires again for instants already recorded (after every start, for every
    // breached open ticket): then nothing is written at all.
    if (!change.events.empty() || storage::find_sla(c, id) != change.sla)
        storage::update_sla(c, id, *change.sla);
    change.before = *t;
    change.after = std::move(*t);
    return change;
}

}  // namespace aduan::ops
