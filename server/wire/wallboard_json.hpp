// The wallboard's frames as JSON (spec section 5): a snapshot (also the body of
// GET /api/v1/wallboard) and an event.
#pragma once

#include <string>

#include "app/wallboard.hpp"

namespace aduan::wire {

std::string render_snapshot(const wallboard::Snapshot& s);
std::string render_event(const WallboardEvent& e);

}  // namespace aduan::wire
