#pragma once
// Runs a program as a child process for integration tests: arguments, extra
// environment, stdout+stderr captured to a file.
#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace qmsd::test {

class ChildProcess {
  public:
    ChildProcess(const std::vector<std::string>& argv, const std::string& outputFile,
                 const std::vector<std::string>& env = {});
    ~ChildProcess(); // SIGKILLs a child still running
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void signal(int signo) const;
    // Waits up to `timeout`; returns the wait status, or -1 if still running.
    int wait(std::chrono::milliseconds timeout);
    bool running();
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    bool reaped_ = false;
};

// Runs to completion; returns {exit code, output}.
struct RunResult {
    int exitCode = -1;
    std::string output;
};
RunResult runToEnd(const std::vector<std::string>& argv, const std::string& outputFile);

std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& text);
// Polls a file until it contains `needle` (or the timeout passes).
bool waitForText(const std::string& path, const std::string& needle, std::chrono::milliseconds timeout);

} // namespace qmsd::test
