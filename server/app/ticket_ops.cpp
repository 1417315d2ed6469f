#include "app/ticket_ops.hpp"

namespace aduan::ops {

namespace {

Error no_ticket(std::int64_t id) {
    return Error::not_found("ticket " + std::to_string(id) + " not found");
}

// Replays the stored history and the change's new events (not stored yet), notes the clocks in
// the change, then writes the ticket's row with its SLA summary once, and the new events. When
// the row did not change and the summary is what is stored, nothing is written.
void write_change(storage::Connection& c, const sla::PolicySet& policies, TicketChange& change,
                  Instant now, std::vector<TicketEvent> history,
                  const std::vector<TicketEvent>& new_events, bool row_changed) {
    history.insert(history.end(), new_events.begin(), new_events.end());
    const auto clocks = replay(policies, change.after, history);
    change.sla = columns_of(clocks);
    change.view = view_of(clocks, now);
    if (!row_changed && storage::find_sla(c, change.after.id) == change.sla) return;
    storage::update_ticket(c, change.after, new_events, &*change.sla);
}

// The response rule, for live traffic and imports alike: a closed ticket takes no response;
// the first public one is the first response.
Result<Ok> apply_response(Ticket& t, Instant at, bool is_public) {
    if (t.status == Status::kClosed) return Error::conflict("the ticket is closed");
    t.updated_at = at;
    if (is_public && !t.first_responded_at) t.first_responded_at = at;
    return Ok{};
}

}  // namespace

Result<TicketChange> create(storage::Connection& c, const sla::PolicySet& policies, NewTicket&& t,
                            const Principal& who, Instant now) {
    TicketChange change;
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
                            const TicketPatch& patch, const Principal& who, Instant now) {
    auto before = storage::find_ticket(c, id);
    if (!before) return no_ticket(id);
    auto applied = apply_patch(*before, patch, who, now);
    if (!applied.ok()) return applied.take_error();
    TicketChange change;
    change.before = std::move(*before);
    change.after = std::move(applied->ticket);
    change.events = std::move(applied->events);
    write_change(c, policies, change, now, storage::list_events(c, id), change.events,
                 !change.events.empty());
    return change;
}

Result<TicketChange> respond(storage::Connection& c, const sla::PolicySet& policies,
                             std::int64_t id, const std::string& body, bool is_public,
                             const Principal& who, Instant now) {
    auto before = storage::find_ticket(c, id);
    if (!before) return no_ticket(id);
    TicketChange change;
    change.after = *before;
    if (auto ok = apply_response(change.after, now, is_public); !ok.ok()) return ok.take_error();
    // The response and its event are stored here; the history read next includes them.
    change.response = storage::insert_response(c, id, who, is_public, body, now);
    TicketEvent e;
    e.ticket_id = id;
    e.at = now;
    e.actor = who.name;
    e.type = "response";
    e.response = change.response;
    change.events.push_back(std::move(e));
    change.before = std::move(*before);
    write_change(c, policies, change, now, storage::list_events(c, id), {}, true);
    return change;
}

// The sla.warning / sla.breached events `clocks` have reached by `now` that `history` lacks.
std::vector<TicketEvent> due_sla_events(const sla::TicketClocks& clocks,
                                        const std::vector<TicketEvent>& events, std::int64_t id,
                                        Instant now) {
    std::vector<TicketEvent> out;
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
                out.push_back(w);
            }
            e.type = "sla.breached";
            e.at = *v.breached_at;
            out.push_back(e);
        } else if (v.status == sla::ClockStatus::kWarning && last.empty() && v.warning_at) {
            e.type = "sla.warning";
            e.at = *v.warning_at;
            out.push_back(e);
        }
    }
    return out;
}

Result<TicketChange> record_sla_events(storage::Connection& c, const sla::PolicySet& policies,
                                       std::int64_t id, Instant now) {
    auto t = storage::find_ticket(c, id);
    if (!t) return no_ticket(id);
    const auto events = storage::list_events(c, id);
    const auto clocks = replay(policies, *t, events);
    TicketChange change;
    change.events = due_sla_events(clocks, events, id, now);
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

Result<TicketChange> import_history(storage::Connection& c, const sla::PolicySet& policies,
                                    NewTicket&& n, const Principal& who, Instant created_at,
                                    const std::vector<HistoryStep>& steps, Instant now,
                                    std::size_t* failed_step) {
    Ticket t = ticket_from(std::move(n), created_at);
    std::vector<TicketEvent> history;
    TicketEvent created;
    created.at = created_at;
    created.actor = who.name;
    created.type = "created";
    created.to = std::string(to_string(Status::kNew));
    history.push_back(std::move(created));

    // Each step by the rules of update and respond.
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        if (s.is_response) {
            if (auto ok = apply_response(t, s.at, s.is_public); !ok.ok()) {
                if (failed_step) *failed_step = i;
                return ok.take_error();
            }
            TicketEvent e;
            e.at = s.at;
            e.actor = s.author.name;
            e.type = "response";
            e.response = Response{0, 0, s.at, s.author.name, s.is_public, s.body};
            history.push_back(std::move(e));
            continue;
        }
        auto applied = apply_patch(t, s.patch, s.author, s.at);
        if (!applied.ok()) {
            if (failed_step) *failed_step = i;
            return applied.take_error();
        }
        t = std::move(applied->ticket);
        for (auto& e : applied->events)
            history.push_back(std::move(e));
    }
    const auto clocks = replay(policies, t, history);
    auto due = due_sla_events(clocks, history, 0, now);

    // Written once: the ticket as it ends, then its history in order.
    TicketChange change;
    change.sla = columns_of(clocks);
    t.id = storage::insert_final_ticket(c, t, &*change.sla);
    for (auto& e : due)
        history.push_back(std::move(e));
    std::vector<TicketEvent> run;  // consecutive non-response events, written together
    for (auto& e : history) {
        e.ticket_id = t.id;
        if (e.type != "response") {
            run.push_back(std::move(e));
            continue;
        }
        storage::append_events(c, run);
        run.clear();
        e.response = storage::insert_response(c, t.id, Principal{e.actor, Role::kAgent},
                                              e.response->is_public, e.response->body, e.at);
    }
    storage::append_events(c, run);
    change.after = std::move(t);
    return change;
}

}  // namespace aduan::ops
