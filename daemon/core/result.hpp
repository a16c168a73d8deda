#pragma once
// An expected-like result: qmsd does not throw after start-up (STYLE.md rule 6),
// so every fallible call returns either a value or an Error naming what went wrong.
#include "core/error_code.hpp"

#include <string>
#include <utility>
#include <variant>

namespace qmsd {

struct Error {
    ErrorCode code = ErrorCode::internal;
    std::string message; // English detail for logs and operators; UI text comes from errorText()
};

template <typename T> class Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error err) : v_(std::move(err)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    const Error& error() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Ok {};
using Status = Result<Ok>;

inline Error makeError(ErrorCode code, std::string message) {
    return Error{code, std::move(message)};
}

} // namespace qmsd
