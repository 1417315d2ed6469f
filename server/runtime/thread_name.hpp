// Names the calling thread (at most 15 characters), so that `top -H`, `ps -L`, perf and
// gdb show which of the service's threads is which: writer, net-N, reader-N, sla, feed...
#pragma once

#include <string>

namespace aduan {

void name_this_thread(const std::string& name);

}  // namespace aduan
