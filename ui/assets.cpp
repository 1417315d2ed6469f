#include "ui/assets.hpp"

// The embedded files (cmake/embed.cmake generates each function from its page's file).
namespace aduan::ui::assets {
std::string_view aduan_js();
}
namespace aduan::wallboard::assets {
std::string_view index_html();
std::string_view wallboard_js();
std::string_view wallboard_css();
}  // namespace aduan::wallboard::assets
namespace aduan::console::assets {
std::string_view index_html();
std::string_view console_js();
std::string_view console_css();
}  // namespace aduan::console::assets
namespace aduan::reports::assets {
std::string_view index_html();
std::string_view reports_js();
std::string_view reports_css();
}  // namespace aduan::reports::assets

namespace aduan::ui {

namespace {

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kJs = "text/javascript; charset=utf-8";
constexpr std::string_view kCss = "text/css; charset=utf-8";

constexpr PageFile kFiles[] = {
    {"/assets/aduan.js", kJs, assets::aduan_js},
    {"/wallboard", kHtml, wallboard::assets::index_html},
    {"/wallboard/wallboard.js", kJs, wallboard::assets::wallboard_js},
    {"/wallboard/wallboard.css", kCss, wallboard::assets::wallboard_css},
    {"/console", kHtml, console::assets::index_html},
    {"/console/console.js", kJs, console::assets::console_js},
    {"/console/console.css", kCss, console::assets::console_css},
    {"/reports", kHtml, reports::assets::index_html},
    {"/reports/reports.js", kJs, reports::assets::reports_js},
    {"/reports/reports.css", kCss, reports::assets::reports_css},
};

}  // namespace

std::span<const PageFile> page_files() {
    return kFiles;
}

}  // namespace aduan::ui
