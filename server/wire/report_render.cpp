#include "wire/report_render.hpp"

#include <date/tz.h>
#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "wire/json_writer.hpp"

namespace aduan::wire {

namespace {

using report::BreachRow;
using report::MetricStats;
using report::SlaReport;
using report::SlaRow;

constexpr std::array<std::string_view, 14> kSlaColumns{"group",
                                                       "tickets",
                                                       "fr_met",
                                                       "fr_breached",
                                                       "fr_open",
                                                       "fr_compliance",
                                                       "fr_median_seconds",
                                                       "fr_p90_seconds",
                                                       "res_met",
                                                       "res_breached",
                                                       "res_open",
                                                       "res_compliance",
                                                       "res_median_seconds",
                                                       "res_p90_seconds"};
constexpr std::array<std::string_view, 13> kBreachColumns{
    "ticket_id",   "subject",    "category",       "priority",       "channel",
    "team",        "assignee",   "metric",         "target_seconds", "due_at",
    "breached_at", "stopped_at", "overdue_seconds"};

// ---- JSON ----------------------------------------------------------------------------------

void json_period(JsonWriter& w, const report::Request& r, const Config& config) {
    w.member("report", report::to_string(r.kind))
        .member("from", r.period.from)
        .member("to", r.period.to)
        .member("timezone", config.timezone);
}

void json_metric(JsonWriter& w, std::string_view prefix, const MetricStats& m) {
    const std::string p(prefix);
    w.member(p + "_met", m.met).member(p + "_breached", m.breached).member(p + "_open", m.open);
    w.key(p + "_compliance");
    if (m.compliance_e4) {
        w.raw(report::format_compliance(*m.compliance_e4));
    } else {
        w.null();
    }
    w.member(p + "_median_seconds", m.median).member(p + "_p90_seconds", m.p90);
}

void json_sla(const SlaReport& rep, const report::Request& r, const Config& config,
              PieceWriter& out) {
    JsonWriter w;
    w.begin_object();
    json_period(w, r, config);
    w.member("group_by", report::to_string(r.group_by));
    w.key("rows").begin_array();
    for (const auto& row : rep.rows) {
        w.begin_object().member("group", row.group).member("tickets", row.tickets);
        json_metric(w, "fr", row.fr);
        json_metric(w, "res", row.res);
        w.end_object();
    }
    w.end_array();
    w.key("total").begin_object().member("tickets", rep.total.tickets);
    json_metric(w, "fr", rep.total.fr);
    json_metric(w, "res", rep.total.res);
    w.end_object().end_object();
    out.write(w.take());
    out.write("\n");
}

std::optional<std::string> none_as_null(const std::string& s) {
    if (s.empty()) return std::nullopt;
    return s;
}

void json_breaches(storage::Connection& c, const Config& config, const report::Request& r,
                   PieceWriter& out) {
    JsonWriter head;
    head.begin_object();
    json_period(head, r, config);
    head.key("rows");
    // The object is closed by hand below: rows are written one at a time.
    out.write(head.str());
    out.write("[");
    bool first = true;
    report::for_each_breach(c, config, r, [&](const BreachRow& b) {
        JsonWriter w;
        w.begin_object()
            .member("ticket_id", b.ticket_id)
            .member("subject", b.subject)
            .member("category", b.category)
            .member("priority", to_string(b.priority))
            .member("channel", to_string(b.channel))
            .member("team", none_as_null(b.team))
            .member("assignee", none_as_null(b.assignee))
            .member("metric", b.metric)
            .member("target_seconds", b.target_seconds)
            .member("due_at", format_rfc3339(b.due_at))
            .member("breached_at", format_rfc3339(b.breached_at));
        w.key("stopped_at");
        if (b.stopped_at) {
            w.value(format_rfc3339(*b.stopped_at));
        } else {
            w.null();
        }
        w.member("overdue_seconds", b.overdue_seconds).end_object();
        if (!first) out.write(",");
        first = false;
        out.write(w.str());
    });
    out.write("]}\n");
}

// ---- CSV -----------------------------------------------------------------------------------

template <std::size_t N>
void csv_header(const std::array<std::string_view, N>& columns, PieceWriter& out) {
    for (std::size_t i = 0; i < N; ++i) {
        if (i) out.write(",");
        out.write(columns[i]);
    }
    out.write("\r\n");
}

void csv_number(std::string& line, const std::optional<std::int64_t>& v) {
    line += ',';
    if (v) line += std::to_string(*v);
}

void csv_metric(std::string& line, const MetricStats& m) {
    csv_number(line, m.met);
    csv_number(line, m.breached);
    csv_number(line, m.open);
    line += ',';
    if (m.compliance_e4) line += report::format_compliance(*m.compliance_e4);
    csv_number(line, m.median);
    csv_number(line, m.p90);
}

void csv_sla(const SlaReport& rep, PieceWriter& out) {
    csv_header(kSlaColumns, out);
    for (const auto& row : rep.rows) {
        std::string line = csv_field(row.group);
        csv_number(line, row.tickets);
        csv_metric(line, row.fr);
        csv_metric(line, row.res);
        out.write(line + "\r\n");
    }
}

void csv_breaches(storage::Connection& c, const Config& config, const report::Request& r,
                  PieceWriter& out) {
    csv_header(kBreachColumns, out);
    std::string line;
    report::for_each_breach(c, config, r, [&](const BreachRow& b) {
        line = std::to_string(b.ticket_id);
        for (std::string_view s :
             {std::string_view(b.subject), std::string_view(b.category), to_string(b.priority),
              to_string(b.channel), std::string_view(b.team), std::string_view(b.assignee),
              b.metric}) {
            line += ',';
            line += csv_field(s);
        }
        csv_number(line, b.target_seconds);
        line += ',' + format_rfc3339(b.due_at) + ',' + format_rfc3339(b.breached_at) + ',';
        if (b.stopped_at) line += format_rfc3339(*b.stopped_at);
        csv_number(line, b.overdue_seconds);
        line += "\r\n";
        out.write(line);
    });
}

// ---- XLSX ----------------------------------------------------------------------------------

// A file in the temporary directory, removed when this goes.
class TempFile {
  public:
    TempFile() {
        path_ = (std::filesystem::temp_directory_path() / "aduan-report-XXXXXX.xlsx").string();
        const int fd = ::mkstemps(path_.data(), 5);
        if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
        ::close(fd);
    }
    ~TempFile() { std::remove(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    std::string dir() const { return std::filesystem::path(path_).parent_path().string(); }

  private:
    std::string path_;
};

void check(lxw_error e, const char* what) {
    if (e != LXW_NO_ERROR)
        throw std::runtime_error(std::string("cannot write the workbook (") + what +
                                 "): " + lxw_strerror(e));
}

// The workbook of both reports: "SLA report", "Breaches" (more sheets if the rows do not fit
// in one), and "About" with the period, the zone, the generation time and the totals. Times
// are local to the operating zone, written as spreadsheet date-times.
class Workbook {
  public:
    Workbook(const std::string& path, const std::string& tmpdir) : tmpdir_(tmpdir) {
        lxw_workbook_options options{};
        options.constant_memory = LXW_TRUE;  // rows go to a temp file as they are written
        options.tmpdir = tmpdir_.data();
        wb_ = workbook_new_opt(path.c_str(), &options);
        if (!wb_) throw std::runtime_error("cannot create the workbook");
        header_ = workbook_add_format(wb_);
        format_set_bold(header_);
        format_set_bottom(header_, LXW_BORDER_THIN);
        format_set_text_wrap(header_);
        format_set_align(header_, LXW_ALIGN_VERTICAL_TOP);
        percent_ = workbook_add_format(wb_);
        format_set_num_format(percent_, "0.00%");
        datetime_ = workbook_add_format(wb_);
        format_set_num_format(datetime_, "yyyy-mm-dd hh:mm:ss");
        bold_ = workbook_add_format(wb_);
        format_set_bold(bold_);
    }
    ~Workbook() {
        if (wb_) workbook_close(wb_);  // only on an error path: the file is discarded
    }
    Workbook(const Workbook&) = delete;
    Workbook& operator=(const Workbook&) = delete;

    lxw_workbook* get() { return wb_; }
    void close() {
        auto* wb = wb_;
        wb_ = nullptr;
        check(workbook_close(wb), "close");
    }

    lxw_worksheet* sheet(const std::string& name) {
        auto* ws = workbook_add_worksheet(wb_, xml_text(name).c_str());
        if (!ws) throw std::runtime_error("cannot add the sheet " + name);
        return ws;
    }

    template <std::size_t N>
    void header(lxw_worksheet* ws, const std::array<std::string_view, N>& columns,
                const std::array<double, N>& widths) {
        for (std::size_t i = 0; i < N; ++i) {
            check(worksheet_set_column(ws, lxw_col_t(i), lxw_col_t(i), widths[i], nullptr),
                  "column");
            check(worksheet_write_string(ws, 0, lxw_col_t(i), std::string(columns[i]).c_str(),
                                         header_),
                  "header");
        }
        worksheet_freeze_panes(ws, 1, 0);
    }

    void text(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::string_view s) {
        if (s.empty()) return;  // an empty cell, as in the CSV
        check(worksheet_write_string(ws, r, c, xml_text(s).c_str(), nullptr), "text");
    }
    void number(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::optional<double> v,
                lxw_format* f = nullptr) {
        if (!v) return;
        check(worksheet_write_number(ws, r, c, *v, f), "number");
    }
    // A spreadsheet date-time: the instant's local wall-clock time in the operating zone.
    void when(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, std::optional<Instant> t,
              const date::time_zone* zone) {
        if (!t) return;
        const auto local = zone->to_local(*t);
        const double serial = lxw_unixtime_to_excel_date(local.time_since_epoch().count());
        check(worksheet_write_number(ws, r, c, serial, datetime_), "date");
    }

    lxw_format* percent() { return percent_; }
    lxw_format* bold() { return bold_; }

  private:
    std::string tmpdir_;
    lxw_workbook* wb_ = nullptr;
    lxw_format *header_ = nullptr, *percent_ = nullptr, *datetime_ = nullptr, *bold_ = nullptr;
};

std::optional<double> as_double(const std::optional<std::int64_t>& v) {
    if (!v) return std::nullopt;
    return double(*v);
}

void xlsx_metric(Workbook& wb, lxw_worksheet* ws, lxw_row_t row, lxw_col_t col,
                 const MetricStats& m) {
    wb.number(ws, row, col, double(m.met));
    wb.number(ws, row, col + 1, double(m.breached));
    wb.number(ws, row, col + 2, double(m.open));
    if (m.compliance_e4)
        wb.number(ws, row, col + 3, double(*m.compliance_e4) / 10000, wb.percent());
    wb.number(ws, row, col + 4, as_double(m.median));
    wb.number(ws, row, col + 5, as_double(m.p90));
}

constexpr lxw_row_t kMaxDataRows = 1048575;  // a sheet's rows, less the header

void xlsx(storage::Connection& c, const Config& config, const report::Request& r,
          Instant generated_at, PieceWriter& out) {
    const auto* zone = date::locate_zone(config.timezone);
    TempFile file;
    {
        Workbook wb(file.path(), file.dir());
        std::string title = (r.kind == report::Kind::kSla ? "SLA report " : "SLA breaches ") +
                            r.period.from + " to " + r.period.to;
        std::string comments = "Tickets created on local dates " + r.period.from + " through " +
                               r.period.to + " (" + config.timezone + "); generated " +
                               format_rfc3339(generated_at) + " by aduan.";
        lxw_doc_properties props{};
        props.title = title.data();
        props.comments = comments.data();
        props.created = static_cast<time_t>(to_unix(generated_at));
        check(workbook_set_properties(wb.get(), &props), "properties");

        // The SLA sheet.
        const auto rep = report::sla_report(c, config, r);
        auto* sla = wb.sheet("SLA report");
        wb.header(sla, kSlaColumns, {24, 10, 10, 12, 10, 14, 18, 16, 10, 12, 10, 14, 18, 16});
        lxw_row_t row = 1;
        for (const auto& g : rep.rows) {
            wb.text(sla, row, 0, g.group);
            wb.number(sla, row, 1, double(g.tickets));
            xlsx_metric(wb, sla, row, 2, g.fr);
            xlsx_metric(wb, sla, row, 8, g.res);
            ++row;
        }
        if (!rep.rows.empty())
            check(worksheet_autofilter(sla, 0, 0, row - 1, kSlaColumns.size() - 1), "filter");

        // The breach sheets.
        std::vector<lxw_worksheet*> breach_sheets{wb.sheet("Breaches")};
        auto* ws = breach_sheets.back();
        const std::array<double, 13> widths{10, 48, 16, 10, 10, 12, 14, 15, 15, 20, 20, 20, 16};
        wb.header(ws, kBreachColumns, widths);
        row = 1;
        std::int64_t breaches = 0;
        report::for_each_breach(c, config, r, [&](const BreachRow& b) {
            if (row > kMaxDataRows) {
                breach_sheets.push_back(
                    wb.sheet("Breaches (" + std::to_string(breach_sheets.size() + 1) + ")"));
                ws = breach_sheets.back();
                wb.header(ws, kBreachColumns, widths);
                row = 1;
            }
            wb.number(ws, row, 0, double(b.ticket_id));
            wb.text(ws, row, 1, b.subject);
            wb.text(ws, row, 2, b.category);
            wb.text(ws, row, 3, to_string(b.priority));
            wb.text(ws, row, 4, to_string(b.channel));
            wb.text(ws, row, 5, b.team);
            wb.text(ws, row, 6, b.assignee);
            wb.text(ws, row, 7, b.metric);
            wb.number(ws, row, 8, double(b.target_seconds));
            wb.when(ws, row, 9, b.due_at, zone);
            wb.when(ws, row, 10, b.breached_at, zone);
            wb.when(ws, row, 11, b.stopped_at, zone);
            wb.number(ws, row, 12, double(b.overdue_seconds));
            ++row;
            ++breaches;
        });

        // What the workbook is.
        auto* about = wb.sheet("About");
        check(worksheet_set_column(about, 0, 0, 28, nullptr), "column");
        check(worksheet_set_column(about, 1, 2, 30, nullptr), "column");
        lxw_row_t a = 0;
        auto line = [&](std::string_view label, std::string_view value) {
            check(worksheet_write_string(about, a, 0, std::string(label).c_str(), wb.bold()),
                  "about");
            wb.text(about, a, 1, value);
            ++a;
        };
        line("Report", r.kind == report::Kind::kSla ? "SLA report" : "SLA breaches");
        line("Period (local dates, inclusive)", r.period.from + " to " + r.period.to);
        line("Time zone", config.timezone);
        line("Grouping of the SLA report", report::to_string(r.group_by));
        check(worksheet_write_string(about, a, 0, "Generated at (local time)", wb.bold()), "about");
        wb.when(about, a, 1, generated_at, zone);
        ++a;
        line("Generated at (UTC)", format_rfc3339(generated_at));
        line("Clocks judged at",
             "the generation time; times in these sheets are local to " + config.timezone);
        line("Tickets", std::to_string(rep.total.tickets));
        line("Breached clocks", std::to_string(breaches));
        auto compliance = [&](std::string_view label, const MetricStats& m) {
            check(worksheet_write_string(about, a, 0, std::string(label).c_str(), wb.bold()),
                  "about");
            if (m.compliance_e4) {
                wb.number(about, a, 1, double(*m.compliance_e4) / 10000, wb.percent());
            } else {
                wb.text(about, a, 1, "none judged");
            }
            ++a;
        };
        compliance("First response compliance", rep.total.fr);
        compliance("Resolution compliance", rep.total.res);
        line("Definitions", "docs/reports.md of aduan");

        if (r.kind == report::Kind::kBreaches) worksheet_activate(breach_sheets.front());
        wb.close();
    }
    // The workbook is complete only now (a ZIP's directory comes last): send the file.
    std::FILE* f = std::fopen(file.path().c_str(), "rb");
    if (!f) throw std::runtime_error("cannot read the workbook back");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> guard(f, &std::fclose);
    std::string buf(64 * 1024, '\0');
    while (const auto n = std::fread(buf.data(), 1, buf.size(), f))
        out.write(std::string_view(buf.data(), n));
    if (std::ferror(f)) throw std::runtime_error("cannot read the workbook back");
}

}  // namespace

void PieceWriter::flush() {
    if (buf_.empty()) return;
    std::string piece;
    piece.reserve(piece_ + 4096);
    piece.swap(buf_);
    if (!sink_(std::move(piece))) throw RenderCancelled();
}

std::string_view content_type(report::Format f) {
    switch (f) {
        case report::Format::kJson:
            return "application/json";
        case report::Format::kCsv:
            return "text/csv; charset=utf-8; header=present";
        case report::Format::kXlsx:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return "application/octet-stream";
}

std::string xml_text(std::string_view s) {
    // What XML 1.0 forbids (section 2.2): C0 controls but tab, LF and CR; U+FFFE and U+FFFF.
    // Each becomes U+FFFD, so that one complaint's text cannot make a workbook unreadable.
    constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out += kReplacement;
        } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xBE ||
                    static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
            out += kReplacement;
            i += 2;
        } else {
            out += char(c);
        }
    }
    return out;
}

std::string csv_field(std::string_view s) {
    std::string out;
    const bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                                        s[0] == '\t' || s[0] == '\r');
    const bool quote = s.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote && !formula) return std::string(s);
    out.reserve(s.size() + 4);
    if (quote) out += '"';
    if (formula) out += '\'';
    for (char ch : s) {
        if (ch == '"') out += '"';
        out += ch;
    }
    if (quote) out += '"';
    return out;
}

void render_report(storage::Connection& c, const Config& config, const report::Request& r,
                   Instant generated_at, const Sink& sink) {
    PieceWriter out(sink);
    {
        switch (r.format) {
            case report::Format::kJson:
                if (r.kind == report::Kind::kSla) {
                    json_sla(report::sla_report(c, config, r), r, config, out);
                } else {
                    json_breaches(c, config, r, out);
                }
                break;
            case report::Format::kCsv:
                if (r.kind == report::Kind::kSla) {
                    csv_sla(report::sla_report(c, config, r), out);
                } else {
                    csv_breaches(c, config, r, out);
                }
                break;
            case report::Format::kXlsx:
                xlsx(c, config, r, generated_at, out);
                break;
        }
    }
    out.flush();
}

}  // namespace aduan::wire
