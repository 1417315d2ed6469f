#include "storage/ticket_store.hpp"

#include <algorithm>

namespace aduan::storage {

namespace {

constexpr std::string_view kColumns =
    "id, subject, description, channel, category, priority, status, requester_name, "
    "requester_phone, requester_email, requester_external_id, assignee, team, tags, created_at, "
    "updated_at, first_responded_at, resolved_at, closed_at";

std::string encode_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) {
        if (!out.empty()) out += '\n';
        out += t;
    }
    return out;
}

std::vector<std::string> decode_tags(const std::string& s) {
    std::vector<std::string> out;
    size_t pos = 0;
    while (pos < s.size()) {
        size_t nl = s.find('\n', pos);
        if (nl == std::string::npos) nl = s.size();
        out.emplace_back(s, pos, nl - pos);
        pos = nl + 1;
    }
    return out;
}

template <typename E>
E enum_column(const Statement& st, int col) {
    auto v = parse_enum<E>(st.text_view(col));
    if (!v) throw StorageError(1, "corrupt enumeration in column " + std::to_string(col));
    return *v;
}

std::optional<std::int64_t> unix_opt(const std::optional<Instant>& t) {
    if (!t) return std::nullopt;
    return to_unix(*t);
}

// The SLA summary's columns, in the order bind_sla binds and read_sla reads them.
#define SLA_COLUMNS                                                                 \
    "policy, sla_fr_warn_at, sla_fr_breach_at, sla_fr_target, sla_fr_stopped_at, "  \
    "sla_fr_elapsed, sla_fr_paused, sla_fr_since, sla_fr_due_at, sla_res_warn_at, " \
    "sla_res_breach_at, sla_res_target, sla_res_stopped_at, sla_res_elapsed, "      \
    "sla_res_paused, sla_res_since, sla_res_due_at"
#define SLA_PLACEHOLDERS "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
constexpr int kSlaColumnCount = 17;
constexpr int kClockColumnCount = 8;

// Binds the summary (or NULLs: a summary yet to be computed) from parameter `first` on.
void bind_sla(Statement& st, int first, const SlaColumns* sla) {
    if (!sla) {
        for (int k = first; k < first + kSlaColumnCount; ++k)
            st.bind_null(k);
        // The paused flags are NOT NULL.
        st.bind(first + 6, 0).bind(first + 6 + kClockColumnCount, 0);
        return;
    }
    st.bind(first, sla->policy);
    int k = first + 1;
    for (const ClockColumns* clock : {&sla->fr, &sla->res}) {
        st.bind(k, unix_opt(clock->warn_at))
            .bind(k + 1, unix_opt(clock->breach_at))
            .bind(k + 2, clock->target)
            .bind(k + 3, unix_opt(clock->stopped_at))
            .bind(k + 4, clock->elapsed)
            .bind(k + 5, clock->paused ? 1 : 0)
            .bind(k + 6, unix_opt(clock->running_since))
            .bind(k + 7, unix_opt(clock->due_at));
        k += kClockColumnCount;
    }
}

SlaColumns read_sla(Statement& st, int first) {
    auto instant = [&](int col) -> std::optional<Instant> {
        if (st.is_null(col)) return std::nullopt;
        return from_unix(st.int64(col));
    };
    auto number = [&](int col) -> std::optional<std::int64_t> {
        if (st.is_null(col)) return std::nullopt;
        return st.int64(col);
    };
    SlaColumns out;
    out.policy = st.is_null(first) ? std::string() : st.text(first);
    int k = first + 1;
    for (ClockColumns* clock : {&out.fr, &out.res}) {
        clock->warn_at = instant(k);
        clock->breach_at = instant(k + 1);
        clock->target = number(k + 2);
        clock->stopped_at = instant(k + 3);
        clock->elapsed = number(k + 4);
        clock->paused = st.int64(k + 5) != 0;
        clock->running_since = instant(k + 6);
        clock->due_at = instant(k + 7);
        k += kClockColumnCount;
    }
    return out;
}

std::optional<Instant> opt_instant(const Statement& st, int col) {
    if (st.is_null(col)) return std::nullopt;
    return from_unix(st.int64(col));
}

Ticket read_ticket(const Statement& st) {
    Ticket t;
    t.id = st.int64(0);
    t.subject = st.text(1);
    t.description = st.text(2);
    t.channel = enum_column<Channel>(st, 3);
    t.category = st.text(4);
    t.priority = enum_column<Priority>(st, 5);
    t.status = enum_column<Status>(st, 6);
    t.requester.name = st.opt_text(7);
    t.requester.phone = st.opt_text(8);
    t.requester.email = st.opt_text(9);
    t.requester.external_id = st.opt_text(10);
    t.assignee = st.opt_text(11);
    t.team = st.opt_text(12);
    t.tags = decode_tags(st.text(13));
    t.created_at = from_unix(st.int64(14));
    t.updated_at = from_unix(st.int64(15));
    t.first_responded_at = opt_instant(st, 16);
    t.resolved_at = opt_instant(st, 17);
    t.closed_at = opt_instant(st, 18);
    return t;
}

void insert_event(Connection& c, const TicketEvent& e, std::optional<std::int64_t> response_id) {
    auto& st = c.prepare(
        "INSERT INTO ticket_events (ticket_id, at, actor, type, from_value, to_value, "
        "response_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, e.ticket_id)
        .bind(2, to_unix(e.at))
        .bind(3, e.actor)
        .bind(4, e.type)
        .bind(5, e.from)
        .bind(6, e.to)
        .bind(7, response_id);
    st.run();
}

}  // namespace

std::int64_t insert_final_ticket(Connection& c, const Ticket& t, const SlaColumns* sla) {
    auto& st = c.prepare(
        "INSERT INTO tickets (subject, description, channel, category, priority, status, "
        "requester_name, requester_phone, requester_email, requester_external_id, assignee, team, "
        "tags, created_at, updated_at, first_responded_at, resolved_at, closed_at, " SLA_COLUMNS
        ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " SLA_PLACEHOLDERS ")");
    // `t` outlives the statement's run: its text is bound without copies.
    st.bind_ref(1, t.subject)
        .bind_ref(2, t.description)
        .bind(3, to_string(t.channel))
        .bind_ref(4, t.category)
        .bind(5, to_string(t.priority))
        .bind(6, to_string(t.status))
        .bind_ref(7, t.requester.name)
        .bind_ref(8, t.requester.phone)
        .bind_ref(9, t.requester.email)
        .bind_ref(10, t.requester.external_id)
        .bind_ref(11, t.assignee)
        .bind_ref(12, t.team)
        .bind(13, encode_tags(t.tags))
        .bind(14, to_unix(t.created_at))
        .bind(15, to_unix(t.updated_at))
        .bind(16, unix_opt(t.first_responded_at))
        .bind(17, unix_opt(t.resolved_at))
        .bind(18, unix_opt(t.closed_at));
    bind_sla(st, 19, sla);
    st.run();
    return c.last_insert_rowid();
}

Ticket insert_ticket(Connection& c, NewTicket&& n, const Principal& actor, Instant now,
                     const SlaColumns* sla) {
    Ticket t = ticket_from(std::move(n), now);
    t.id = insert_final_ticket(c, t, sla);
    TicketEvent e;
    e.ticket_id = t.id;
    e.at = now;
    e.actor = actor.name;
    e.type = "created";
    e.to = std::string(to_string(Status::kNew));
    insert_event(c, e, std::nullopt);
    return t;
}

void update_sla(Connection& c, std::int64_t ticket_id, const SlaColumns& sla) {
    auto& st =
        c.prepare("UPDATE tickets SET (" SLA_COLUMNS ") = (" SLA_PLACEHOLDERS ") WHERE id = ?");
    bind_sla(st, 1, &sla);
    st.bind(kSlaColumnCount + 1, ticket_id);
    st.run();
}

std::optional<SlaColumns> find_sla(Connection& c, std::int64_t ticket_id) {
    auto& st = c.prepare("SELECT " SLA_COLUMNS " FROM tickets WHERE id = ?");
    st.bind(1, ticket_id);
    std::optional<SlaColumns> out;
    if (st.step()) out = read_sla(st, 0);
    st.reset();
    return out;
}

void append_events(Connection& c, const std::vector<TicketEvent>& events) {
    for (const auto& e : events)
        insert_event(c, e, std::nullopt);
}

std::vector<TicketSummary> open_or_active_since(Connection& c, Instant since, RestorePart part) {
    // Each part through its own index, rather than one scan of the whole table. The subject
    // only where a clock breached since `since` (the wallboard's ticker): most rows need none.
#define SUMMARY_SELECT                                                                       \
    "SELECT id, status, priority, channel, team, created_at, first_responded_at, "           \
    "resolved_at, CASE WHEN sla_fr_breach_at >= ?1 OR sla_res_breach_at >= ?1 THEN subject " \
    "END, " SLA_COLUMNS " FROM tickets WHERE "
    auto& st =
        part == RestorePart::kOpen
            // Through the ids, sorted: the rows are then read in table order.
            ? c.prepare(SUMMARY_SELECT
                        "id IN (SELECT id FROM tickets WHERE status IN ('new', 'open', 'pending'))")
            : c.prepare(SUMMARY_SELECT
                        "id IN (SELECT id FROM tickets WHERE created_at >= ?1 "
                        "UNION SELECT id FROM tickets WHERE resolved_at >= ?1 "
                        "UNION SELECT id FROM tickets WHERE closed_at >= ?1) "
                        "AND status NOT IN ('new', 'open', 'pending')");
#undef SUMMARY_SELECT
    st.bind(1, to_unix(since));
    std::vector<TicketSummary> out;
    auto instant = [&](int col) -> std::optional<Instant> {
        if (st.is_null(col)) return std::nullopt;
        return from_unix(st.int64(col));
    };
    while (st.step()) {
        TicketSummary t;
        t.id = st.int64(0);
        t.status = enum_column<Status>(st, 1);
        t.priority = enum_column<Priority>(st, 2);
        t.channel = enum_column<Channel>(st, 3);
        t.team = st.opt_text(4).value_or("");
        t.created_at = from_unix(st.int64(5));
        t.first_responded_at = instant(6);
        t.resolved_at = instant(7);
        t.subject = st.opt_text(8).value_or("");
        t.sla = read_sla(st, 9);
        out.push_back(std::move(t));
    }
    st.reset();
    return out;
}

std::vector<TicketSummary> open_or_active_since(Connection& c, Instant since) {
    auto rows = open_or_active_since(c, since, RestorePart::kOpen);
    auto rest = open_or_active_since(c, since, RestorePart::kClosedActiveSince);
    std::move(rest.begin(), rest.end(), std::back_inserter(rows));
    return rows;
}

namespace {

// Through the creation index each row costs a random read of the table (about 4 µs when the
// pages are not cached); reading the whole table in order costs about 0.3 µs a row. So the
// index serves periods that cover a small part of the tickets' time span (guessed from the
// first and last creation instants), and a scan of the table everything else. Both plans
// give rows in id order.
std::string_view created_between_plan(Connection& c, Instant from, Instant to) {
    bool scan = true;
    auto& span = c.prepare("SELECT min(created_at), max(created_at) FROM tickets");
    if (span.step() && !span.is_null(0)) {
        const auto first = span.int64(0), last = span.int64(1) + 1;
        const auto lo = std::max(first, to_unix(from)), hi = std::min(last, to_unix(to));
        scan = hi > lo && double(hi - lo) >= 0.05 * double(last - first);
    }
    span.reset();
    return scan ? " FROM tickets NOT INDEXED WHERE created_at >= ? AND created_at < ? ORDER BY id"
                : " FROM tickets INDEXED BY tickets_by_created WHERE created_at >= ? AND "
                  "created_at < ? ORDER BY id";
}

}  // namespace

void scan_created_between(Connection& c, Instant from, Instant to, bool with_subject,
                          const std::function<void(const ReportTicket&)>& visit) {
    std::string sql = "SELECT id, category, priority, channel, team, assignee, created_at, ";
    sql += with_subject ? "subject, " : "'', ";
    sql += SLA_COLUMNS;
    sql += created_between_plan(c, from, to);
    // Not cached: `visit` may prepare other statements, and a scan is rare and long.
    Statement st(c.handle(), sql);
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    ReportTicket t;
    while (st.step()) {
        t.id = st.int64(0);
        t.category.assign(st.text_view(1));
        t.priority = enum_column<Priority>(st, 2);
        t.channel = enum_column<Channel>(st, 3);
        t.team.assign(st.text_view(4));
        t.assignee.assign(st.text_view(5));
        t.created_at = from_unix(st.int64(6));
        t.subject.assign(st.text_view(7));
        if (st.is_null(11)) {  // sla_fr_target: not computed yet
            t.sla.reset();
        } else {
            t.sla = read_sla(st, 8);
        }
        visit(t);
    }
}

void scan_outcomes(Connection& c, Instant from, Instant to, OutcomeGroup group,
                   const std::function<void(const OutcomeRow&)>& visit) {
    static constexpr const char* kGroupColumn[] = {"category", "priority", "channel",
                                                   "team",     "assignee", "NULL"};
    std::string sql = "SELECT id, created_at, ";
    sql += kGroupColumn[static_cast<int>(group)];
    sql +=
        ", sla_fr_target IS NOT NULL, sla_fr_breach_at, sla_fr_stopped_at, sla_fr_elapsed, "
        "sla_res_breach_at, sla_res_stopped_at, sla_res_elapsed";
    sql += created_between_plan(c, from, to);
    Statement st(c.handle(), sql);
    st.bind(1, to_unix(from)).bind(2, to_unix(to));
    OutcomeRow row;
    auto clock = [&st](int k, ClockOutcome& out) {
        out.breach_at = st.is_null(k) ? std::nullopt : std::optional(from_unix(st.int64(k)));
        out.stopped_at =
            st.is_null(k + 1) ? std::nullopt : std::optional(from_unix(st.int64(k + 1)));
        out.elapsed = st.is_null(k + 2) ? std::nullopt : std::optional(st.int64(k + 2));
    };
    while (st.step()) {
        row.id = st.int64(0);
        row.created_at = from_unix(st.int64(1));
        row.group = st.text_view(2);
        row.has_sla = st.int64(3) != 0;
        clock(4, row.fr);
        clock(7, row.res);
        visit(row);
    }
}

std::vector<std::int64_t> tickets_without_sla_summary(Connection& c) {
    auto& st = c.prepare("SELECT id FROM tickets WHERE sla_fr_target IS NULL ORDER BY id");
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.int64(0));
    st.reset();
    return out;
}

std::map<std::int64_t, std::vector<TicketEvent>> list_events_for(
    Connection& c, const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, std::vector<TicketEvent>> out;
    for (auto id : ids)
        out[id] = list_events(c, id);
    return out;
}

std::optional<Ticket> find_ticket(Connection& c, std::int64_t id) {
    static const std::string sql = "SELECT " + std::string(kColumns) + " FROM tickets WHERE id = ?";
    auto& st = c.prepare(sql);
    st.bind(1, id);
    std::optional<Ticket> out;
    if (st.step()) out = read_ticket(st);
    st.reset();
    return out;
}

void update_ticket(Connection& c, const Ticket& t, const std::vector<TicketEvent>& events,
                   const SlaColumns* sla) {
#define TICKET_SET                                                                           \
    "UPDATE tickets SET channel = ?, category = ?, priority = ?, status = ?, assignee = ?, " \
    "team = ?, tags = ?, updated_at = ?, first_responded_at = ?, resolved_at = ?, "          \
    "closed_at = ?"
    auto& st =
        sla ? c.prepare(TICKET_SET ", (" SLA_COLUMNS ") = (" SLA_PLACEHOLDERS ") WHERE id = ?")
            : c.prepare(TICKET_SET " WHERE id = ?");
#undef TICKET_SET
    st.bind(1, to_string(t.channel))
        .bind(2, t.category)
        .bind(3, to_string(t.priority))
        .bind(4, to_string(t.status))
        .bind(5, t.assignee)
        .bind(6, t.team)
        .bind(7, encode_tags(t.tags))
        .bind(8, to_unix(t.updated_at))
        .bind(9, unix_opt(t.first_responded_at))
        .bind(10, unix_opt(t.resolved_at))
        .bind(11, unix_opt(t.closed_at));
    int next = 12;
    if (sla) {
        bind_sla(st, next, sla);
        next += kSlaColumnCount;
    }
    st.bind(next, t.id);
    st.run();
    for (const auto& e : events)
        insert_event(c, e, std::nullopt);
}

Response insert_response(Connection& c, std::int64_t ticket_id, const Principal& author,
                         bool is_public, const std::string& body, Instant now) {
    auto& st = c.prepare(
        "INSERT INTO responses (ticket_id, at, author, public, body) VALUES (?, ?, ?, ?, ?)");
    st.bind(1, ticket_id).bind(2, to_unix(now)).bind(3, author.name).bind(4, is_public ? 1 : 0);
    st.bind(5, body);
    st.run();
    Response r{c.last_insert_rowid(), ticket_id, now, author.name, is_public, body};
    TicketEvent e;
    e.ticket_id = ticket_id;
    e.at = now;
    e.actor = author.name;
    e.type = "response";
    insert_event(c, e, r.id);
    return r;
}

std::vector<TicketEvent> list_events(Connection& c, std::int64_t ticket_id) {
    auto& st = c.prepare(
        "SELECT e.id, e.at, e.actor, e.type, e.from_value, e.to_value, r.id, r.at, r.author, "
        "r.public, r.body FROM ticket_events e LEFT JOIN responses r ON r.id = e.response_id "
        "WHERE e.ticket_id = ? ORDER BY e.id");
    st.bind(1, ticket_id);
    std::vector<TicketEvent> out;
    while (st.step()) {
        TicketEvent e;
        e.id = st.int64(0);
        e.ticket_id = ticket_id;
        e.at = from_unix(st.int64(1));
        e.actor = st.text(2);
        e.type = st.text(3);
        e.from = st.opt_text(4);
        e.to = st.opt_text(5);
        if (!st.is_null(6)) {
            e.response = Response{st.int64(6), ticket_id,        from_unix(st.int64(7)),
                                  st.text(8),  st.int64(9) != 0, st.text(10)};
        }
        out.push_back(std::move(e));
    }
    st.reset();
    return out;
}

namespace {

std::string like_pattern(const std::string& text) {
    std::string p = "%";
    for (char ch : text) {
        if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
        p += ch;
    }
    p += '%';
    return p;
}

// Appends "column IN (?, ...)" for the values; an empty string stands for NULL.
void in_clause(std::string& sql, std::vector<std::string>& params, const char* column,
               const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string any;
    bool with_null = false;
    for (const auto& v : values) {
        if (v.empty()) {
            with_null = true;
            continue;
        }
        any += any.empty() ? "?" : ", ?";
        params.push_back(v);
    }
    sql += " AND (";
    if (!any.empty()) sql += std::string(column) + " IN (" + any + ")";
    if (with_null) sql += std::string(any.empty() ? "" : " OR ") + column + " IS NULL";
    sql += ")";
}

template <typename E>
std::vector<std::string> names(const std::vector<E>& values) {
    std::vector<std::string> out;
    for (auto v : values)
        out.emplace_back(to_string(v));
    return out;
}

}  // namespace

TicketPage list_tickets(Connection& c, const TicketFilter& f) {
    TicketPage page;
    if (f.match_nothing) return page;
    std::string sql = "SELECT " + std::string(kColumns) + " FROM tickets WHERE 1";
    std::vector<std::string> text_params;
    in_clause(sql, text_params, "status", names(f.statuses));
    in_clause(sql, text_params, "priority", names(f.priorities));
    in_clause(sql, text_params, "category", f.categories);
    in_clause(sql, text_params, "channel", names(f.channels));
    in_clause(sql, text_params, "team", f.teams);
    in_clause(sql, text_params, "assignee", f.assignees);
    if (f.text) {
        sql += " AND (subject LIKE ? ESCAPE '\\' OR description LIKE ? ESCAPE '\\')";
        text_params.push_back(like_pattern(*f.text));
        text_params.push_back(like_pattern(*f.text));
    }
    if (f.requester) {
        sql += " AND (requester_phone = ? OR requester_external_id = ?)";
        text_params.push_back(*f.requester);
        text_params.push_back(*f.requester);
    }
    // Instants and the cursor are bound as integers after the text parameters.
    std::vector<std::int64_t> int_params;
    if (f.created_from) {
        sql += " AND created_at >= ?";
        int_params.push_back(to_unix(*f.created_from));
    }
    if (f.sla_warning || f.sla_breached) {
        std::string any;
        if (f.sla_breached) any += "sla_fr_breach_at <= ? OR sla_res_breach_at <= ?";
        if (f.sla_warning) {
            if (!any.empty()) any += " OR ";
            any +=
                "(sla_fr_warn_at <= ? AND sla_fr_breach_at > ?) OR (sla_res_warn_at <= ? AND "
                "sla_res_breach_at > ?)";
        }
        sql += " AND (" + any + ")";
        const int n = (f.sla_breached ? 2 : 0) + (f.sla_warning ? 4 : 0);
        for (int i = 0; i < n; ++i)
            int_params.push_back(to_unix(f.sla_now));
    }
    if (f.created_to) {
        sql += " AND created_at < ?";
        int_params.push_back(to_unix(*f.created_to));
    }
    if (f.after) {
        sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
        int_params.push_back(to_unix(f.after->created_at));
        int_params.push_back(to_unix(f.after->created_at));
        int_params.push_back(f.after->id);
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT ?";

    Statement st(c.handle(), sql);
    int i = 1;
    for (const auto& p : text_params)
        st.bind(i++, p);
    for (auto p : int_params)
        st.bind(i++, p);
    st.bind(i, std::int64_t{f.limit} + 1);
    while (st.step())
        page.items.push_back(read_ticket(st));
    if (page.items.size() > size_t(f.limit)) {
        page.items.pop_back();
        page.next = Cursor{page.items.back().created_at, page.items.back().id};
    }
    return page;
}

std::array<std::int64_t, 5> count_by_status(Connection& c) {
    std::array<std::int64_t, 5> out{};
    auto& st = c.prepare("SELECT status, count(*) FROM tickets GROUP BY status");
    while (st.step()) {
        if (auto s = parse_enum<Status>(st.text(0))) out[size_t(*s)] = st.int64(1);
    }
    st.reset();
    return out;
}

}  // namespace aduan::storage
