// The reports' routes (spec 6): GET /api/v1/reports/sla and /api/v1/reports/breaches as
// downloads, computed on an export thread of their own and streamed while they are read, and
// the managers' page /reports with its files.
#include "net/routes.hpp"
#include "reports/assets.hpp"
#include "storage/database.hpp"
#include "wire/report_render.hpp"

namespace aduan::net {

namespace {

// Pieces of about 64 KiB waiting to be sent, per download.
constexpr std::size_t kPiecesInFlight = 4;

void add_report(Router& router, const std::string& path, report::Kind kind, const Config& config,
                ExportJobs& jobs) {
    router.add(Method::kGet, path, access::report_readers(),
               [kind, &config, &jobs](HttpRequest& req, const PathParams&, Reply reply) {
                   auto param = [&](std::string_view name) -> std::optional<std::string> {
                       if (auto v = req.param(name)) return std::string(*v);
                       return std::nullopt;
                   };
                   const Instant now = now_utc();
                   auto parsed = report::parse_request(
                       kind, {param("from"), param("to"), param("group_by"), param("format")},
                       config.timezone, now);
                   if (!parsed.ok()) return reply.send()(error_response(parsed.error()));
                   const report::Request r = *parsed;

                   auto [writer, reader] = BodyPipe::make(kPiecesInFlight);
                   std::shared_ptr<BodyPipe::Writer> w(std::move(writer));
                   const bool started = jobs.try_start([w, r, &config, now] {
                       storage::Connection c(config.db, storage::Connection::Mode::kReadOnly);
                       try {
                           wire::render_report(c, config, r, now, [&w](std::string piece) {
                               return w->push(std::move(piece));
                           });
                       } catch (const wire::RenderCancelled&) {
                           return;  // the client went away
                       }
                       w->finish();
                   });
                   if (!started) {
                       Error busy = Error::unavailable(
                           "as many reports are being prepared as the service runs at once");
                       busy.retry_after = 5;
                       return reply.send()(error_response(busy));
                   }
                   HttpResponse res;
                   res.content_type = std::string(wire::content_type(r.format));
                   res.headers.emplace_back("Content-Disposition",
                                            "attachment; filename=\"" + report::filename(r) + "\"");
                   res.stream = std::move(reader);
                   reply.send()(std::move(res));
               });
}

}  // namespace

void add_report_routes(Router& router, const Config& config, ExportJobs& jobs) {
    add_report(router, "/api/v1/reports/sla", report::Kind::kSla, config, jobs);
    add_report(router, "/api/v1/reports/breaches", report::Kind::kBreaches, config, jobs);
    add_page(router, "/reports", "reports", reports::assets::index_html,
             reports::assets::reports_js, reports::assets::reports_css);
}

}  // namespace aduan::net
