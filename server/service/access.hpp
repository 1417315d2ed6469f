// Who may do what (spec section 7): the role lists the routes and the live feeds are
// registered with, named once.
#pragma once

#include "net/router.hpp"

namespace aduan::access {

inline net::Access ticket_writers() {
    return net::Access::only({Role::kAgent, Role::kSupervisor, Role::kAdmin});
}
inline net::Access ticket_readers() {
    return net::Access::only({Role::kAgent, Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline net::Access operators() {
    return net::Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline net::Access report_readers() {
    return net::Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin});
}
inline net::Access wallboard_viewers() {
    return net::Access::only({Role::kSupervisor, Role::kManager, Role::kAdmin, Role::kDisplay});
}

}  // namespace aduan::access
