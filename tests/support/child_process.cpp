#include "support/child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace qmsd::test {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::string& outputFile,
                           const std::vector<std::string>& env) {
    pid_ = ::fork();
    if (pid_ == 0) {
        int fd = ::open(outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        for (const auto& kv : env) {
            ::putenv(const_cast<char*>(kv.c_str()));
        }
        std::vector<char*> args;
        for (const auto& a : argv) {
            args.push_back(const_cast<char*>(a.c_str()));
        }
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && !reaped_) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

void ChildProcess::signal(int signo) const { ::kill(pid_, signo); }

int ChildProcess::wait(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    do {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            return status;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{10});
    } while (std::chrono::steady_clock::now() < deadline);
    return -1;
}

bool ChildProcess::running() { return !reaped_ && wait(std::chrono::milliseconds{0}) == -1; }

RunResult runToEnd(const std::vector<std::string>& argv, const std::string& outputFile) {
    ::unlink(outputFile.c_str());
    ChildProcess child(argv, outputFile);
    int status = child.wait(std::chrono::seconds{30});
    RunResult r;
    r.exitCode = status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.output = readFile(outputFile);
    return r;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

bool waitForText(const std::string& path, const std::string& needle,
                 std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (readFile(path).find(needle) != std::string::npos) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
    return false;
}

} // namespace qmsd::test
