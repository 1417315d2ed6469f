// The reports page's files, embedded into the binary at build time (reports/page/).
#pragma once

#include <string_view>

namespace aduan::reports::assets {

std::string_view index_html();
std::string_view reports_js();
std::string_view reports_css();

}  // namespace aduan::reports::assets
