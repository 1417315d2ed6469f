// Realistic call-center traffic against a running service, through its public API only: what
// `aduan simulate` and `aduan serve --demo` drive. Complaints arrive at random (Poisson) with a
// call center's hourly pattern in the operating time zone, with the categories and teams the
// service is configured with and subjects of a public program's complaints in Bahasa
// Indonesia; some come from requesters who complained before. Agents answer after plausible
// delays (most in time, some late: breaches), leave internal notes, put some tickets on hold
// waiting for the requester and take them up again, escalate a few, resolve and close.
// Docs: docs/simulation.md.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace aduan::sim {

struct SimulatorOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;
    std::string token;  // a role that may create and change tickets (agent, supervisor, admin)
    double rate = 0.5;  // complaints per second in an average hour
    std::chrono::seconds duration{60};  // 0: until stop()
    double pace = 1.0;  // multiplies every delay of the agents (1: answers within minutes)
    bool hourly_pattern = true;
    double pattern_strength = 1.0;  // 0..1: how much the hour changes the rate
    std::vector<std::string> agents{"agen1", "agen2", "agen3", "agen4", "agen5", "agen6"};
    std::size_t initial_burst = 0;  // complaints at once at the start (a demo's first seconds)
    std::uint64_t seed = 0;         // 0: random
};

struct SimulatorStats {
    std::int64_t created = 0, responses = 0, notes = 0, changes = 0, resolved = 0, errors = 0;
};

class Simulator {
  public:
    explicit Simulator(SimulatorOptions options);

    // Runs until the duration has passed or stop() is called; returns what it did. Throws
    // std::runtime_error when the service cannot be reached or refuses the token at the start.
    SimulatorStats run();
    // From any thread: run() returns soon (after the request in flight).
    void stop();

  private:
    SimulatorOptions options_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

// The relative arrival rate of a call center at a local hour (0-23), averaging 1 over a day.
double hourly_factor(int local_hour);

}  // namespace aduan::sim
