// Waiting, in tests, for something another thread or process makes true: one helper with a
// deadline, so that no test can hang past its own limit, and a failure says what was last seen
// rather than only that time ran out.
//
//   auto t = eventually([&] { return get(id); },
//                       [](const json& t) { return t["status"] == "breached"; },
//                       5s, "the ticket to breach");
//
// `look` is called until `holds(look())` is true; the value that held is returned. Between
// looks the caller backs off (1 ms, doubling up to 50 ms), so a condition that comes true at
// once costs no wait and a slow one costs no busy core. Past `timeout` the test fails (a
// Catch2 FAIL, which ends the test case) naming `what` and the last value seen. Call it from
// the test's own thread only.
#pragma once

#include <catch2/catch.hpp>
#include <chrono>
#include <string_view>
#include <thread>
#include <type_traits>

namespace aduan::test {

template <typename Look, typename Holds>
auto eventually(Look&& look, Holds&& holds, std::chrono::milliseconds timeout,
                std::string_view what) {
    using Seen = std::decay_t<decltype(look())>;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(1);
    for (;;) {
        Seen seen = look();
        if (holds(static_cast<const Seen&>(seen))) return seen;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            FAIL("waited " << timeout.count() << " ms for " << what
                           << "; last seen: " << Catch::Detail::stringify(seen));
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds(50));
    }
}

// The same for a condition that is its own report: `condition()` returns bool.
template <typename Condition>
void eventually(Condition&& condition, std::chrono::milliseconds timeout, std::string_view what) {
    eventually(
        condition, [](bool b) { return b; }, timeout, what);
}

}  // namespace aduan::test
