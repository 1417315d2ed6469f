// The reports of spec 6 as JSON, CSV (RFC 4180) and XLSX (libxlsxwriter), written piece by
// piece to a sink while the store is read, so that memory does not grow with the number of
// rows. The API and `aduan report` both call render_report: same parameters, same bytes
// (an XLSX workbook also records when it was generated).
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "app/config.hpp"
#include "app/report.hpp"
#include "storage/database.hpp"

namespace aduan::wire {

// Receives the output in pieces; returns false when nobody wants the rest (the render stops
// with RenderCancelled).
using Sink = std::function<bool(std::string)>;

struct RenderCancelled : std::runtime_error {
    RenderCancelled() : std::runtime_error("the report's reader went away") {}
};

// Buffers small writes into pieces of about `piece` bytes for the sink.
class PieceWriter {
  public:
    explicit PieceWriter(const Sink& sink, std::size_t piece = 64 * 1024)
        : sink_(sink), piece_(piece) {
        buf_.reserve(piece_ + 4096);
    }
    void write(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= piece_) flush();
    }
    void flush();

  private:
    const Sink& sink_;
    std::size_t piece_;
    std::string buf_;
};

// Content-Type of a format.
std::string_view content_type(report::Format f);

// Renders `r` from the store; the caller holds one read transaction on `c` around it
// (report::in_read_transaction), so every part sees the same data. `generated_at` is written into
// XLSX workbooks. Throws RenderCancelled when the sink refuses more, StorageError, or
// std::runtime_error when a workbook cannot be built.
void render_report(storage::Connection& c, const Config& config, const report::Request& r,
                   Instant generated_at, const Sink& sink);

// Text as XML 1.0 (and so an XLSX cell or sheet name) may hold it: the characters it forbids
// (C0 controls but tab, LF, CR; U+FFFE, U+FFFF) replaced by U+FFFD.
std::string xml_text(std::string_view s);

// One CSV field per RFC 4180: quoted when it holds a comma, a quote, CR or LF; text that a
// spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a leading '.
std::string csv_field(std::string_view s);

}  // namespace aduan::wire
