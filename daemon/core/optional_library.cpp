#include "core/optional_library.hpp"

#include <dlfcn.h>

namespace qmsd {

OptionalLibrary::OptionalLibrary(const char* soname, const char* package) : soname_(soname) {
    handle_ = ::dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
        const char* why = ::dlerror();
        error_ = std::string(soname) + " cannot be loaded (is " + package + " installed?): " +
                 (why != nullptr ? why : "no reason given");
    }
}

void* OptionalLibrary::symbol(const char* name) {
    if (handle_ == nullptr) {
        return nullptr;
    }
    void* found = ::dlsym(handle_, name);
    if (found == nullptr && error_.empty()) {
        error_ = std::string(soname_) + " has no " + name + ": too old a version";
    }
    return found;
}

} // namespace qmsd
