// aduan: one binary, subcommands (spec section 8).
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "cli/args.hpp"

namespace {

constexpr const char* kUsage =
    "usage: aduan serve [--config FILE] [--db FILE] [--listen HOST:PORT] [--demo]\n"
    "       aduan sla add --calendar FILE --start T --seconds N\n"
    "       aduan sla elapsed --calendar FILE --from T --to T\n"
    "       aduan sla is-open --calendar FILE --at T\n"
    "       aduan sla batch --calendar FILE   (JSON lines on stdin)\n"
    "       aduan user add --username U --role R [--display-name N] [--password-stdin | "
    "--no-password]\n"
    "       aduan user list | disable --username U | enable --username U\n"
    "       aduan token create --name N (--role R | --user U)\n"
    "       aduan token list | revoke --id N\n"
    "       (user and token take --db FILE or --config FILE; default ./aduan.db)\n"
    "       aduan import [--config FILE] [--db FILE] FILE.ndjson\n"
    "       aduan report sla|breaches [--config FILE] [--db FILE] --from D --to D\n"
    "                [--group-by G] [--format json|csv|xlsx] [--output FILE]\n"
    "       aduan simulate --url http://HOST:PORT --token T [--rate R] [--duration D]\n"
    "                [--pace P] [--seed N] [--flat]\n"
    "       aduan --help | --version\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string cmd = argv[1];
    try {
        if (cmd == "serve") return aduan::cli::serve(argc, argv);
        if (cmd == "sla") return aduan::cli::sla_command(argc, argv);
        if (cmd == "user" || cmd == "token") return aduan::cli::access_command(argc, argv);
        if (cmd == "import") return aduan::cli::import_command(argc, argv);
        if (cmd == "report") return aduan::cli::report_command(argc, argv);
        if (cmd == "simulate") return aduan::cli::simulate_command(argc, argv);
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (cmd == "--version") {
            std::puts("aduan 0.1.0");
            return 0;
        }
        std::fprintf(stderr, "aduan: unknown command \"%s\" (try aduan --help)\n", cmd.c_str());
        return 2;
    } catch (const aduan::cli::UsageError& e) {
        std::fprintf(stderr, "aduan %s: %s\n", cmd.c_str(), e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "aduan %s: %s\n", cmd.c_str(), e.what());
        return 1;
    }
}
