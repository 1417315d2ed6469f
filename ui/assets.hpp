// The pages' shared script, embedded into the binary at build time (ui/aduan.js).
#pragma once

#include <string_view>

namespace aduan::ui::assets {

std::string_view aduan_js();

}  // namespace aduan::ui::assets
