#include "app/config.hpp"

namespace aduan {

Config default_config() {
    Config c;
    c.categories = {"payment",  "incentive",   "account", "verification",
                    "training", "certificate", "other"};
    c.teams = {"tier1", "tier2"};
    return c;
}

}  // namespace aduan
