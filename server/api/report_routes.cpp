// The reports' routes (spec 6): GET /api/v1/reports/sla and /api/v1/reports/breaches as
// downloads, computed on an export thread of their own (app/export_jobs.hpp) and streamed while
// they are read, and the managers' page /reports with its files.
#include "api/reply.hpp"
#include "api/routes.hpp"
#include "net/body_pipe.hpp"
#include "service/service.hpp"
#include "wire/report_render.hpp"

namespace aduan::api {

using namespace net;

namespace {

// Pieces of about 64 KiB waiting to be sent, per download.
constexpr std::size_t kPiecesInFlight = 4;

report::Params report_params(const HttpRequest& req) {
    auto param = [&](std::string_view name) -> std::optional<std::string> {
        if (auto v = req.param(name)) return std::string(*v);
        return std::nullopt;
    };
    return {param("from"), param("to"), param("group_by"), param("format")};
}

Error exports_busy() {
    Error busy =
        Error::unavailable("as many reports are being prepared as the service runs at once");
    busy.retry_after = 5;
    return busy;
}

// Renders into the pipe; false when the client went away (a failure throws: the body then
// ends without its last chunk).
bool render_into(BodyPipe::Writer& w, storage::Connection& c, const Config& config,
                 const report::Request& r, Instant now) {
    try {
        wire::render_report(c, config, r, now,
                            [&w](std::string piece) { return w.push(std::move(piece)); });
    } catch (const wire::RenderCancelled&) {
        return false;
    }
    return true;
}

HttpResponse download(const report::Request& r, std::shared_ptr<BodyPipe::Reader> body) {
    HttpResponse res;
    res.content_type = std::string(wire::content_type(r.format));
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + report::filename(r) + "\"");
    res.stream = std::move(body);
    return res;
}

void add_report(Router& router, const std::string& path, report::Kind kind, Service& s) {
    router.add(Method::kGet, path, access::report_readers(),
               [kind, &s](HttpRequest& req, const PathParams&, Reply reply) {
                   const Instant now = now_utc();
                   const Config& config = s.config();
                   auto r = report::parse_request(kind, report_params(req), config.timezone, now);
                   if (!r.ok()) return fail(reply, r.error());
                   auto [writer, reader] = BodyPipe::make(kPiecesInFlight);
                   std::shared_ptr<BodyPipe::Writer> w(std::move(writer));
                   // The body's end goes out once the export has given back its place, so that a
                   // client downloading one report after another is never refused for it.
                   if (!s.exports().try_read(
                           config.db,
                           [w, r = *r, &config, now](storage::Connection& c) {
                               return render_into(*w, c, config, r, now);
                           },
                           [w] { w->finish(); }))
                       return fail(reply, exports_busy());
                   reply.send()(download(*r, std::move(reader)));
               });
}

}  // namespace

void add_report_routes(Router& router, Service& s) {
    add_report(router, "/api/v1/reports/sla", report::Kind::kSla, s);
    add_report(router, "/api/v1/reports/breaches", report::Kind::kBreaches, s);
}

}  // namespace aduan::api
