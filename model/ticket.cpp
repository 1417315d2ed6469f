#include "model/ticket.hpp"

namespace aduan {

bool transition_allowed(Status from, Status to) {
    using S = Status;
    switch (from) {
        case S::kNew:
            return to == S::kOpen || to == S::kPending || to == S::kResolved;
        case S::kOpen:
            return to == S::kPending || to == S::kResolved;
        case S::kPending:
            return to == S::kOpen || to == S::kResolved;
        case S::kResolved:
            return to == S::kOpen || to == S::kClosed;
        case S::kClosed:
            return false;
    }
    return false;
}

std::string join_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) {
        if (!out.empty()) out += ',';
        out += t;
    }
    return out;
}

namespace {

std::optional<std::string> opt(std::string_view s) {
    return std::string(s);
}

}  // namespace

Ticket ticket_from(NewTicket&& n, Instant now) {
    Ticket t;
    t.subject = std::move(n.subject);
    t.description = std::move(n.description);
    t.channel = n.channel;
    t.category = std::move(n.category);
    t.priority = n.priority;
    t.status = Status::kNew;
    t.requester = std::move(n.requester);
    t.assignee = std::move(n.assignee);
    t.team = std::move(n.team);
    t.tags = std::move(n.tags);
    t.created_at = now;
    t.updated_at = now;
    return t;
}

Result<AppliedPatch> apply_patch(const Ticket& before, const TicketPatch& patch,
                                 const Principal& actor, Instant now) {
    AppliedPatch out{before, {}};
    Ticket& t = out.ticket;
    auto record = [&](std::string type, std::optional<std::string> from,
                      std::optional<std::string> to) {
        TicketEvent e;
        e.ticket_id = before.id;
        e.at = now;
        e.actor = actor.name;
        e.type = std::move(type);
        e.from = std::move(from);
        e.to = std::move(to);
        out.events.push_back(std::move(e));
    };

    if (before.status == Status::kClosed)
        return Error::conflict("ticket " + std::to_string(before.id) + " is closed");

    if (patch.status && *patch.status != t.status) {
        if (!transition_allowed(t.status, *patch.status))
            return Error::conflict("status: cannot go from " + std::string(to_string(t.status)) +
                                   " to " + std::string(to_string(*patch.status)));
        record("status", opt(to_string(t.status)), opt(to_string(*patch.status)));
        if (*patch.status == Status::kResolved) t.resolved_at = now;
        if (*patch.status == Status::kClosed) t.closed_at = now;
        if (t.status == Status::kResolved && *patch.status == Status::kOpen) t.resolved_at.reset();
        t.status = *patch.status;
    }
    if (patch.priority && *patch.priority != t.priority) {
        record("priority", opt(to_string(t.priority)), opt(to_string(*patch.priority)));
        t.priority = *patch.priority;
    }
    if (patch.category && *patch.category != t.category) {
        record("category", t.category, *patch.category);
        t.category = *patch.category;
    }
    if (patch.channel && *patch.channel != t.channel) {
        record("channel", opt(to_string(t.channel)), opt(to_string(*patch.channel)));
        t.channel = *patch.channel;
    }
    if (patch.team && *patch.team != t.team) {
        record("team", t.team, *patch.team);
        t.team = *patch.team;
    }
    if (patch.assignee && *patch.assignee != t.assignee) {
        record("assignee", t.assignee, *patch.assignee);
        t.assignee = *patch.assignee;
    }
    if (patch.tags && *patch.tags != t.tags) {
        record("tags", join_tags(t.tags), join_tags(*patch.tags));
        t.tags = *patch.tags;
    }
    if (!out.events.empty()) t.updated_at = now;
    return out;
}

}  // namespace aduan
