#pragma once
// A shared library loaded when first needed (dlopen) instead of linked, for
// what only some offices use: PostgreSQL's client (an [upstream]) and the
// XLSX writer (a report downloaded as a spreadsheet). Linked, each mapped
// itself and its own dependencies (gnutls, krb5, libcrypto…) into every qmsd
// at start: 3.5 and 1.6 MB of its idle RSS. systemd loads its optional
// libraries the same way. The caller keeps the library's own header, so
// each function pointer is checked against its declaration when compiled.
#include <string>

// A loader lists its library's functions as an X-macro, X(name) for each.
// QMSD_OPTIONAL_POINTER, given to that list inside its Api struct, declares
// each as a pointer typed from the library's header; QMSD_OPTIONAL_FIND,
// inside loadApi's findAll(OptionalLibrary& library, Api& api), finds each.
#define QMSD_OPTIONAL_POINTER(name) decltype(&::name) name = nullptr;
#define QMSD_OPTIONAL_FIND(name) library.find(api.name, #name);

namespace qmsd {

class OptionalLibrary {
  public:
    // Opens `soname`; `package` is the Debian package to name if it is missing.
    OptionalLibrary(const char* soname, const char* package);

    // Sets `fn` to the library's function `name`; a missing one is an error.
    template <typename Fn>
    void find(Fn*& fn, const char* name) {
        fn = reinterpret_cast<Fn*>(symbol(name));
    }

    // Empty when the library and every function asked for were found.
    const std::string& error() const { return error_; }

  private:
    void* symbol(const char* name);

    const char* soname_;
    void* handle_ = nullptr; // never closed: a library may keep state for the life of the process
    std::string error_;
};

// A library's functions as a struct of pointers (`Api`), and what went wrong
// finding them.
template <typename Api>
struct LoadedApi {
    Api api;
    std::string error; // empty: the library and every function were found

    // The functions, or nullptr with `why` saying what is missing.
    const Api* get(std::string& why) const {
        why = error;
        return error.empty() ? &api : nullptr;
    }
};

// Opens `soname` and fills an Api with `findAll(library, api)`, which calls
// library.find for each of its pointers; an error begins with `what` when
// given ("PostgreSQL's client"). Callers keep the result in a function-local
// static, so a library is opened once, thread-safely.
template <typename Api, typename FindAll>
LoadedApi<Api> loadApi(const char* soname, const char* package, const char* what, FindAll findAll) {
    LoadedApi<Api> out;
    OptionalLibrary library(soname, package);
    findAll(library, out.api);
    if (!library.error().empty()) {
        out.error = what != nullptr ? std::string(what) + ": " + library.error() : library.error();
    }
    return out;
}

} // namespace qmsd
