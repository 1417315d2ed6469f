// The ticket domain: enumerations with their wire names, the ticket record, its history
// (events and responses), and the lifecycle of spec section 2. Pure values and functions:
// no I/O, no JSON, no SQL. Storage, the service and the JSON mapping all build on this.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/time.hpp"

namespace aduan {

enum class Channel { kPhone, kEmail, kChat, kWeb, kSocial, kWalkIn };
enum class Priority { kLow, kNormal, kHigh, kUrgent };
enum class Status { kNew, kOpen, kPending, kResolved, kClosed };
enum class Role { kAgent, kSupervisor, kManager, kAdmin, kDisplay };
// Open: not yet resolved or closed.
constexpr bool is_open(Status s) {
    return s == Status::kNew || s == Status::kOpen || s == Status::kPending;
}
// A ticket's two SLA clocks (spec 3.4).
enum class Metric { kFirstResponse, kResolution };

// Wire names, in declaration order.
template <typename E>
struct EnumNames;
template <>
struct EnumNames<Channel> {
    static constexpr std::array<std::string_view, 6> kNames{"phone", "email",  "chat",
                                                            "web",   "social", "walk_in"};
};
template <>
struct EnumNames<Priority> {
    static constexpr std::array<std::string_view, 4> kNames{"low", "normal", "high", "urgent"};
};
template <>
struct EnumNames<Status> {
    static constexpr std::array<std::string_view, 5> kNames{"new", "open", "pending", "resolved",
                                                            "closed"};
};
template <>
struct EnumNames<Role> {
    static constexpr std::array<std::string_view, 5> kNames{"agent", "supervisor", "manager",
                                                            "admin", "display"};
};

template <>
struct EnumNames<Metric> {
    static constexpr std::array<std::string_view, 2> kNames{"first_response", "resolution"};
};

template <typename E>
constexpr std::string_view to_string(E e) {
    return EnumNames<E>::kNames[static_cast<size_t>(e)];
}

template <typename E>
std::optional<E> parse_enum(std::string_view s) {
    const auto& names = EnumNames<E>::kNames;
    for (size_t i = 0; i < names.size(); ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}

// "must be one of low, normal, high, urgent"
template <typename E>
std::string one_of_message() {
    std::string m = "must be one of ";
    const auto& names = EnumNames<E>::kNames;
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) m += ", ";
        m += names[i];
    }
    return m;
}

// Who made a request. Every request carries one; access control (issue #4) fills it in.
struct Principal {
    std::string name;
    Role role = Role::kAgent;
};

struct Requester {
    std::optional<std::string> name, phone, email, external_id;
    bool operator==(const Requester&) const = default;
};

struct Ticket {
    std::int64_t id = 0;
    std::string subject;
    std::string description;
    Channel channel = Channel::kPhone;
    std::string category;
    Priority priority = Priority::kNormal;
    Status status = Status::kNew;
    Requester requester;
    std::optional<std::string> assignee;
    std::optional<std::string> team;
    std::vector<std::string> tags;
    Instant created_at{};
    Instant updated_at{};
    std::optional<Instant> first_responded_at, resolved_at, closed_at;
    bool operator==(const Ticket&) const = default;
};

// A validated creation request.
struct NewTicket {
    std::string subject;
    std::string description;
    Channel channel = Channel::kPhone;
    std::string category;
    Priority priority = Priority::kNormal;
    Requester requester;
    std::optional<std::string> assignee;
    std::optional<std::string> team;
    std::vector<std::string> tags;
};

// A new ticket as created at `now` (status new, no id yet); the strings of `n` are moved.
Ticket ticket_from(NewTicket&& n, Instant now);

// A validated change. An absent member leaves the field alone; for assignee and team an
// engaged outer optional holding nullopt clears the field.
struct TicketPatch {
    std::optional<Status> status;
    std::optional<Priority> priority;
    std::optional<std::string> category;
    std::optional<Channel> channel;
    std::optional<std::optional<std::string>> team;
    std::optional<std::optional<std::string>> assignee;
    std::optional<std::vector<std::string>> tags;
};

struct Response {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    Instant at{};
    std::string author;
    bool is_public = true;
    std::string body;
};

// One entry of a ticket's append-only history. `type` is "created", a field name ("status",
// "priority", "category", "channel", "team", "assignee", "tags") or "response"; `from`/`to`
// hold the field's wire value before and after (absent for null).
struct TicketEvent {
    std::int64_t id = 0;
    std::int64_t ticket_id = 0;
    Instant at{};
    std::string actor;
    std::string type;
    std::optional<std::string> from, to;
    std::optional<Response> response;  // for type "response"
};

// Lifecycle (spec 2): new → open | pending | resolved; open ↔ pending; open | pending →
// resolved; resolved → open | closed; closed is final.
bool transition_allowed(Status from, Status to);

struct AppliedPatch {
    Ticket ticket;                    // the ticket after the change
    std::vector<TicketEvent> events;  // one per changed field, without ids
};

// Applies a patch at `now`: refuses a transition the lifecycle does not allow (kConflict),
// a change to a closed ticket (kConflict), and records one event per field that really
// changed. Status changes set resolved_at / closed_at (a reopen clears resolved_at).
Result<AppliedPatch> apply_patch(const Ticket& before, const TicketPatch& patch,
                                 const Principal& actor, Instant now);

// The wire form of tags in events: comma-joined.
std::string join_tags(const std::vector<std::string>& tags);

}  // namespace aduan
