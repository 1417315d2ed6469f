// `aduan serve --demo`: demo users (one per role, with new random passwords at every start,
// printed once), a display token for the wallboard, and the simulator driving realistic
// traffic through the service's own public API (docs/simulation.md).
#pragma once

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "sim/simulator.hpp"

namespace aduan::cli {

struct DemoAccount {
    std::string username, role, password;
};

struct DemoAccess {
    std::vector<DemoAccount> users;
    std::string display_token, simulator_token;
};

// Creates (or resets the passwords of) the demo users and makes fresh tokens, in the
// database at `db`, through the same store functions as `aduan user` and `aduan token`.
// Refuses (std::runtime_error, naming the file) a database with users or tickets that the
// demo did not make, unless `on_existing`.
DemoAccess provision_demo(const std::string& db, bool on_existing);

// Prints how to use the demo: the addresses of the pages and the accounts.
void print_demo(const DemoAccess& access, const std::string& bound);

// The simulator against the service at `bound` (HOST:PORT), on a thread of its own.
class DemoTraffic {
  public:
    DemoTraffic(const DemoAccess& access, const std::string& bound);
    ~DemoTraffic();  // stop()s and waits for the thread
    // From any thread: the simulator ends after the request in flight.
    void stop();

  private:
    std::unique_ptr<sim::Simulator> sim_;
    std::thread thread_;
};

}  // namespace aduan::cli
