#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/plugins/state/embedded/embedded_store_fixture.h"

extern char** environ;

namespace smppd::plugins::embedded {
namespace {

using testing::EmbeddedStoreTest;

// HARDENING.md, Faults: nothing a client was told is accepted may be lost to kill -9.
class KillDurability : public EmbeddedStoreTest {
 protected:
  ~KillDurability() override {
    if (child_ > 0) {
      ::kill(child_, SIGKILL);
      ::waitpid(child_, nullptr, 0);
    }
    if (output_ >= 0) ::close(output_);
  }

  // Starts the writer on this test's store directory, its stdout on a pipe.
  bool start_writer() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    const std::string binary = SMPPD_STATE_WRITER;
    const std::string path = options().path.string();
    std::vector<char*> argv = {const_cast<char*>(binary.c_str()), const_cast<char*>(path.c_str()), nullptr};
    const int spawned = ::posix_spawn(&child_, binary.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    output_ = fds[0];
    return spawned == 0;
  }

  // The highest "acked N" the writer reported once N reaches `at_least`; 0 on EOF or timeout.
  uint64_t wait_for_acks(uint64_t at_least, std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string pending;
    uint64_t acked = 0;
    while (acked < at_least) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return 0;
      pollfd ready{output_, POLLIN, 0};
      if (::poll(&ready, 1, static_cast<int>(left.count())) <= 0) return 0;
      char buffer[4096];
      const ssize_t got = ::read(output_, buffer, sizeof buffer);
      if (got <= 0) return 0;
      pending.append(buffer, static_cast<size_t>(got));
      for (size_t end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
        const std::string line = pending.substr(0, end);
        pending.erase(0, end + 1);
        if (line.rfind("acked ", 0) == 0) acked = std::stoull(line.substr(6));
      }
    }
    return acked;
  }

  pid_t child_ = -1;
  int output_ = -1;
};

TEST_F(KillDurability, EveryAcknowledgedWriteSurvivesSigkill) {
  constexpr uint64_t kAtLeast = 20000;
  ASSERT_TRUE(start_writer());
  const uint64_t acked = wait_for_acks(kAtLeast, std::chrono::seconds(120));
  ASSERT_GE(acked, kAtLeast) << "the writer did not report enough acknowledged writes";

  // Killed while still writing: a full window of calls is in flight at this moment.
  ASSERT_EQ(::kill(child_, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(child_, &status, 0), child_);
  child_ = -1;
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  open();
  uint64_t lost = 0;
  uint64_t torn = 0;
  uint64_t checked = 0;
  // Everything acknowledged, and beyond it whatever was in flight: each pair was one atomic
  // batch, so it is either all there or not at all.
  const uint64_t beyond = acked + 2000;
  for (uint64_t i = 0; i < beyond; ++i) {
    const std::string id = std::to_string(i);
    start({op::Get{"idmap/" + id}, op::Get{"rev/smsc/U" + id}}, [&, i, id](BatchResult batch) {
      // Answers come on the store thread, one at a time.
      ++checked;
      const StateResult& forward = batch.results.at(0);
      const StateResult& reverse = batch.results.at(1);
      if (forward.status.ok() != reverse.status.ok()) ++torn;
      if (i < acked && (forward.value != "U" + id || reverse.value != id)) ++lost;
    });
  }
  wait_for_calls();
  EXPECT_EQ(checked, beyond);
  EXPECT_EQ(lost, 0u) << "of " << acked << " acknowledged";
  EXPECT_EQ(torn, 0u);
}

}  // namespace
}  // namespace smppd::plugins::embedded
