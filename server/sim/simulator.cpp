#include "sim/simulator.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <queue>
#include <random>
#include <stdexcept>
#include <vector>

#include "runtime/log.hpp"
#include "sim/http_client.hpp"

namespace aduan::sim {

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// Complaints of a national program's participants, by the built-in categories.
const std::vector<std::pair<std::string, std::vector<std::string>>> kSubjects{
    {"payment",
     {"Dana bantuan belum cair", "Pembayaran insentif tertunda", "Saldo e-wallet tidak bertambah",
      "Transfer ke rekening gagal"}},
    {"incentive",
     {"Insentif belum masuk", "Insentif kedua belum diterima", "Jumlah insentif tidak sesuai",
      "Status insentif tidak berubah"}},
    {"account",
     {"Tidak bisa masuk akun", "Lupa kata sandi", "Nomor HP berubah", "Akun terblokir",
      "Email verifikasi tidak terkirim"}},
    {"verification",
     {"Verifikasi NIK gagal", "Data KTP tidak cocok", "Foto swafoto ditolak",
      "Verifikasi rekening gagal"}},
    {"training",
     {"Pelatihan tidak bisa diakses", "Video pelatihan macet", "Kode voucher tidak valid",
      "Nilai ujian tidak muncul"}},
    {"certificate",
     {"Sertifikat belum terbit", "Nama di sertifikat salah", "Sertifikat tidak bisa diunduh"}},
    {"other",
     {"Pertanyaan umum program", "Keluhan layanan call center", "Saran perbaikan aplikasi"}},
};
const std::vector<std::string> kGenericSubjects{"Keluhan peserta", "Permintaan informasi",
                                                "Laporan kendala"};
const std::vector<std::string> kNames{
    "Budi Santoso", "Siti Rahmawati", "Agus Setiawan", "Dewi Lestari", "Rina Wulandari",
    "Andi Pratama", "Nur Aisyah",     "Joko Susilo",   "Maya Sari",    "Fajar Nugroho",
    "Putri Ayu",    "Hendra Gunawan", "Wahyu Hidayat", "Sri Mulyani",  "Yusuf Maulana"};
const std::vector<std::string> kReplies{
    "Terima kasih, laporan Anda sedang kami proses.",
    "Mohon kirimkan foto KTP Anda melalui email agar kami dapat memeriksa data Anda.",
    "Kami sudah meneruskan laporan Anda ke tim terkait. Mohon ditunggu 1x24 jam.",
    "Mohon maaf atas ketidaknyamanannya. Kami sedang memeriksa transaksi Anda."};
const std::vector<std::string> kNotes{
    "Eskalasi ke tim verifikasi.", "Sudah dicek di sistem pembayaran, menunggu konfirmasi bank.",
    "Peserta menelepon lagi, minta kabar terbaru.", "Data peserta cocok dengan Dukcapil."};

// Arrivals by local hour, relative: quiet at night, peaks mid-morning and after lunch.
constexpr double kHourly[24] = {0.15, 0.10, 0.08, 0.08, 0.10, 0.20, 0.45, 0.85,
                                1.40, 1.75, 1.85, 1.70, 1.25, 1.50, 1.75, 1.65,
                                1.45, 1.15, 0.90, 0.75, 0.65, 0.50, 0.35, 0.24};

struct Requester {
    std::string name, phone, external_id;
};

enum class Act { kOpen, kRespond, kNote, kPending, kReopen, kEscalate, kResolve, kClose };

struct Step {
    Clock::time_point at;
    std::int64_t ticket;
    Act act;
    bool operator>(const Step& o) const { return at > o.at; }
};

class Traffic {
  public:
    Traffic(const SimulatorOptions& o, HttpClient& http, std::vector<std::string> categories,
            std::vector<std::string> teams, const date::time_zone* zone)
        : o_(o),
          http_(http),
          categories_(std::move(categories)),
          teams_(std::move(teams)),
          zone_(zone),
          rng_(o.seed ? o.seed : std::random_device{}()) {}

    // The pause before the next arrival, at the rate for the current local hour.
    std::chrono::milliseconds next_arrival() {
        double rate = o_.rate;
        if (o_.hourly_pattern) {
            const auto local = zone_->to_local(std::chrono::system_clock::now());
            const auto hour =
                date::floor<std::chrono::hours>(local - date::floor<date::days>(local));
            const double f = hourly_factor(int(hour.count()));
            rate *= 1 - o_.pattern_strength + o_.pattern_strength * f;
        }
        std::exponential_distribution<double> gap(std::max(rate, 1e-6));
        return std::chrono::milliseconds(std::int64_t(gap(rng_) * 1000.0));
    }

    void create(SimulatorStats& stats) {
        json body;
        const auto& category = pick(categories_);
        body["category"] = category;
        body["subject"] = pick(subjects_for(category));
        body["channel"] = weighted({{"phone", 40},
                                    {"chat", 20},
                                    {"email", 15},
                                    {"web", 15},
                                    {"social", 8},
                                    {"walk_in", 2}});
        body["priority"] = weighted({{"low", 10}, {"normal", 60}, {"high", 22}, {"urgent", 8}});
        if (!teams_.empty()) body["team"] = pick(teams_);
        const auto who = requester();
        body["requester"] = {
            {"name", who.name}, {"phone", who.phone}, {"external_id", who.external_id}};
        static const std::map<std::string, std::string> kVia{
            {"phone", "telepon"},    {"email", "surel"},         {"chat", "obrolan"},
            {"web", "formulir web"}, {"social", "media sosial"}, {"walk_in", "datang langsung"}};
        body["description"] = "Peserta " + who.name + " melapor melalui " +
                              kVia.at(body["channel"].get<std::string>()) + ": " +
                              body["subject"].get<std::string>() + ".";
        const auto r = call("POST", "/api/v1/tickets", body, stats);
        if (r.status != 201) return;
        ++stats.created;
        plan(json::parse(r.body)["id"].get<std::int64_t>());
    }

    void act(const Step& s, SimulatorStats& stats) {
        const auto path = "/api/v1/tickets/" + std::to_string(s.ticket);
        switch (s.act) {
            case Act::kOpen:
                if (call("PATCH", path, {{"status", "open"}, {"assignee", pick(o_.agents)}}, stats)
                        .status == 200)
                    ++stats.changes;
                break;
            case Act::kRespond:
                if (call("POST", path + "/responses", {{"body", pick(kReplies)}, {"public", true}},
                         stats)
                        .status == 201)
                    ++stats.responses;
                break;
            case Act::kNote:
                if (call("POST", path + "/responses", {{"body", pick(kNotes)}, {"public", false}},
                         stats)
                        .status == 201)
                    ++stats.notes;
                break;
            case Act::kPending:
            case Act::kReopen:
            case Act::kClose:
                if (call("PATCH", path,
                         {{"status", s.act == Act::kPending  ? "pending"
                                     : s.act == Act::kReopen ? "open"
                                                             : "closed"}},
                         stats)
                        .status == 200)
                    ++stats.changes;
                break;
            case Act::kEscalate:
                if (call("PATCH", path, {{"priority", "urgent"}}, stats).status == 200)
                    ++stats.changes;
                break;
            case Act::kResolve:
                if (call("PATCH", path, {{"status", "resolved"}}, stats).status == 200)
                    ++stats.resolved;
                break;
        }
    }

    std::priority_queue<Step, std::vector<Step>, std::greater<>> steps;

  private:
    // What the agents will do with a new ticket, and when.
    void plan(std::int64_t id) {
        const auto now = Clock::now();
        auto after = [&](double lo, double hi) {
            std::uniform_real_distribution<double> d(lo, hi);
            return now + std::chrono::milliseconds(std::int64_t(d(rng_) * o_.pace * 1000.0));
        };
        // Every delay scales with the pace, the fixed gaps between steps too.
        auto gap = [&](double seconds) {
            return std::chrono::milliseconds(std::int64_t(seconds * o_.pace * 1000.0));
        };
        auto chance = [&](double p) {
            return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
        };
        const auto open = after(5, 40);
        // Most answers come within the demo targets (1-5 minutes); a fifth come late.
        auto respond = chance(0.8) ? after(15, 100) : after(150, 420);
        respond = std::max(respond, open + gap(2));
        steps.push({open, id, Act::kOpen});
        steps.push({respond, id, Act::kRespond});
        auto last = respond;
        if (chance(0.15)) steps.push({respond + gap(5), id, Act::kNote});
        if (chance(0.07)) steps.push({after(20, 120), id, Act::kEscalate});
        if (chance(0.25)) {
            const auto hold = last + gap(10);
            const auto back = hold + gap(30 + 170 * unit());
            steps.push({hold, id, Act::kPending});
            steps.push({back, id, Act::kReopen});
            last = back;
        }
        // Resolution targets are 6-25 minutes: some take longer.
        auto resolve = chance(0.7) ? after(120, 600) : after(600, 1500);
        resolve = std::max(resolve, last + gap(10));
        steps.push({resolve, id, Act::kResolve});
        if (chance(0.4)) steps.push({resolve + gap(30 + 270 * unit()), id, Act::kClose});
    }

    ClientResponse call(const std::string& method, const std::string& path, const json& body,
                        SimulatorStats& stats) {
        try {
            auto r = http_.request(method, path, body.dump());
            if (r.status >= 400) ++stats.errors;
            return r;
        } catch (const std::exception&) {
            ++stats.errors;  // the service went away or restarts: keep going
            return {};
        }
    }

    double unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
    }

    std::string weighted(std::initializer_list<std::pair<const char*, int>> options) {
        int total = 0;
        for (const auto& o : options)
            total += o.second;
        int x = std::uniform_int_distribution<int>(0, total - 1)(rng_);
        for (const auto& o : options) {
            if (x < o.second) return o.first;
            x -= o.second;
        }
        return options.begin()->first;
    }

    const std::vector<std::string>& subjects_for(const std::string& category) {
        for (const auto& [c, subjects] : kSubjects)
            if (c == category) return subjects;
        return kGenericSubjects;
    }

    // One in six complaints comes from someone who complained before.
    Requester requester() {
        if (!recent_.empty() && unit() < 1.0 / 6)
            return recent_[std::uniform_int_distribution<std::size_t>(0, recent_.size() - 1)(rng_)];
        Requester r;
        r.name = pick(kNames);
        r.phone = fmt::format(
            "08{}", std::uniform_int_distribution<std::int64_t>(1000000000, 9999999999)(rng_));
        r.external_id =
            fmt::format("P-{:07}", std::uniform_int_distribution<int>(0, 9999999)(rng_));
        recent_.push_back(r);
        if (recent_.size() > 200) recent_.pop_front();
        return r;
    }

    const SimulatorOptions& o_;
    HttpClient& http_;
    std::vector<std::string> categories_, teams_;
    const date::time_zone* zone_;
    std::mt19937_64 rng_;
    std::deque<Requester> recent_;
};

}  // namespace

double hourly_factor(int local_hour) {
    double sum = 0;
    for (double h : kHourly)
        sum += h;
    return kHourly[((local_hour % 24) + 24) % 24] * 24 / sum;
}

Simulator::Simulator(SimulatorOptions options) : options_(std::move(options)) {}

void Simulator::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
}

SimulatorStats Simulator::run() {
    HttpClient http(options_.host, options_.port);
    http.set_header("Authorization", "Bearer " + options_.token);
    ClientResponse config;
    try {
        config = http.request("GET", "/api/v1/config");
    } catch (const std::exception& e) {
        throw std::runtime_error(
            fmt::format("cannot reach http://{}:{}: {}", options_.host, options_.port, e.what()));
    }
    if (config.status != 200)
        throw std::runtime_error(
            fmt::format("GET /api/v1/config answered {}: {}", config.status, config.body));
    const auto c = json::parse(config.body);
    const date::time_zone* zone = date::locate_zone(c.value("timezone", "Asia/Jakarta"));
    Traffic traffic(options_, http, c["categories"].get<std::vector<std::string>>(),
                    c["teams"].get<std::vector<std::string>>(), zone);

    SimulatorStats stats;
    const auto start = Clock::now();
    const auto end =
        options_.duration.count() > 0 ? start + options_.duration : Clock::time_point::max();
    for (std::size_t i = 0; i < options_.initial_burst; ++i)
        traffic.create(stats);
    auto next_arrival = Clock::now() + traffic.next_arrival();
    for (;;) {
        auto wake = std::min(next_arrival, end);
        if (!traffic.steps.empty()) wake = std::min(wake, traffic.steps.top().at);
        {
            std::unique_lock lock(mu_);
            if (cv_.wait_until(lock, wake, [&] { return stopping_; })) break;
        }
        const auto now = Clock::now();
        if (now >= end) break;
        if (now >= next_arrival) {
            traffic.create(stats);
            next_arrival = Clock::now() + traffic.next_arrival();
        }
        while (!traffic.steps.empty() && traffic.steps.top().at <= now) {
            const auto step = traffic.steps.top();
            traffic.steps.pop();
            traffic.act(step, stats);
            std::lock_guard lock(mu_);
            if (stopping_) break;
        }
    }
    return stats;
}

}  // namespace aduan::sim
