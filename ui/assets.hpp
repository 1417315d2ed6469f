// Every file the pages are made of (the wallboard's, the console's, the reports' and the
// script they share), embedded into the binary at build time, with the path each is served at
// and its type: the one table the service registers its static routes from.
#pragma once

#include <span>
#include <string_view>

namespace aduan::ui {

struct PageFile {
    std::string_view path;          // "/console/console.js"
    std::string_view content_type;  // "text/javascript; charset=utf-8"
    std::string_view (*content)();
};

std::span<const PageFile> page_files();

}  // namespace aduan::ui
