// aduan report sla|breaches [--config FILE] [--db FILE] --from D --to D [--group-by G]
// [--format csv|json|xlsx] [--output FILE] (spec section 8): the reports of spec 6 offline, for
// scheduled jobs. The same parameters as the API, the same validation, the same bytes. With
// --output the file appears complete or not at all (written aside, then renamed).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/report.hpp"
#include "cli/args.hpp"
#include "cli/common.hpp"
#include "storage/database.hpp"
#include "wire/report_render.hpp"

namespace aduan::cli {

namespace {

// The output file while it is written: removed unless commit() renamed it into place.
class PendingFile {
  public:
    explicit PendingFile(const std::string& target) : target_(target) {
        const auto dir = std::filesystem::absolute(target).parent_path();
        std::string name = std::filesystem::path(target).filename().string();
        name.insert(0, 1, '.');
        name.append(".XXXXXX");
        temp_ = (dir / name).string();
        const int fd = ::mkstemp(temp_.data());
        if (fd < 0) throw std::runtime_error("cannot write to " + dir.string());
        file_ = ::fdopen(fd, "wb");
        if (!file_) {
            ::close(fd);
            throw std::runtime_error("cannot write " + temp_);
        }
    }
    ~PendingFile() {
        if (file_) std::fclose(file_);
        if (!committed_) std::remove(temp_.c_str());
    }
    std::FILE* get() { return file_; }
    void commit() {
        const bool ok = std::fflush(file_) == 0 && ::fsync(::fileno(file_)) == 0;
        const bool closed = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!ok || !closed) throw std::runtime_error("cannot write " + target_);
        std::filesystem::rename(temp_, target_);
        committed_ = true;
    }

  private:
    std::string target_, temp_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

}  // namespace

int report_command(int argc, char** argv) {
    if (argc < 3) throw UsageError("say which report: sla or breaches");
    const std::string what = argv[2];
    report::Kind kind;
    if (what == "sla") {
        kind = report::Kind::kSla;
    } else if (what == "breaches") {
        kind = report::Kind::kBreaches;
    } else {
        throw UsageError("unknown report \"" + what + "\" (sla or breaches)");
    }
    Args args(argc, argv, 3,
              {"--config", "--db", "--from", "--to", "--group-by", "--format", "--output"}, {});
    if (!args.positional().empty()) throw UsageError("unexpected argument " + args.positional()[0]);
    Config config = load_config(args);
    const Instant now = now_utc();
    auto request = report::parse_request(
        kind, {args.get("--from"), args.get("--to"), args.get("--group-by"), args.get("--format")},
        config.timezone, now);
    if (!request.ok()) {
        // Name the options as they are spelled on the command line.
        auto details = request.error().details;
        for (auto& d : details)
            d.field = d.field == "group_by" ? std::string("--group-by") : "--" + d.field;
        throw UsageError(describe(Error::validation(std::move(details))));
    }
    if (!std::filesystem::exists(config.db))
        throw std::runtime_error("no database at " + config.db);

    storage::Connection c(config.db, storage::Connection::Mode::kReadWrite);
    storage::migrate(c, storage::schema_sql());  // a no-op once the service has run

    std::unique_ptr<PendingFile> file;
    if (auto out = args.get("--output")) file = std::make_unique<PendingFile>(*out);
    std::FILE* out = file ? file->get() : stdout;
    report::in_read_transaction(c, [&] {
        wire::render_report(c, config, *request, now, [out](std::string piece) {
            if (std::fwrite(piece.data(), 1, piece.size(), out) != piece.size())
                throw std::runtime_error("cannot write the report");
            return true;
        });
    });
    if (file) {
        file->commit();
    } else if (std::fflush(stdout) != 0) {
        throw std::runtime_error("cannot write the report");
    }
    return 0;
}

}  // namespace aduan::cli
