// The wallboard page's files, embedded into the binary at build time (wallboard/page/).
#pragma once

#include <string_view>

namespace aduan::wallboard::assets {

std::string_view index_html();
std::string_view wallboard_js();
std::string_view wallboard_css();

}  // namespace aduan::wallboard::assets
