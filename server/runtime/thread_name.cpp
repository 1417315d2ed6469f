#include "runtime/thread_name.hpp"

#include <pthread.h>

namespace aduan {

void name_this_thread(const std::string& name) {
    // Linux allows 16 bytes including the terminator; a longer name is refused, not cut.
    const std::string cut = name.substr(0, 15);
    pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace aduan
