// The console page's files, embedded into the binary at build time (console/page/).
#pragma once

#include <string_view>

namespace aduan::console::assets {

std::string_view index_html();
std::string_view console_js();
std::string_view console_css();

}  // namespace aduan::console::assets
