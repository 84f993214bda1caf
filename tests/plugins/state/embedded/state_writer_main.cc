// The child of the kill -9 test: writes forward and reverse id mappings through the embedded
// store as fast as it can, and says on stdout how many were acknowledged ("acked N", every 500),
// until it is killed. Acknowledged means the answer arrived: exactly what a client is told.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "plugins/state/embedded/embedded_state_store.h"

namespace {

using namespace smppd::plugins::embedded;

constexpr uint64_t kWindow = 256;  // calls in flight, as a busy worker would have
constexpr uint64_t kReportEvery = 500;

// Answers come on the store thread; start() runs on the main thread while they already come.
class Writer {
 public:
  explicit Writer(EmbeddedStateStore& store) : store_(store) {}

  void start() {
    for (uint64_t i = 0; i < kWindow; ++i) write_next();
  }

 private:
  void write_next() {
    uint64_t index = 0;
    {
      std::lock_guard lock(mutex_);
      index = next_++;
    }
    const std::string id = std::to_string(index);
    std::vector<StateOp> ops;
    ops.push_back(op::Set{"idmap/" + id, "U" + id});
    ops.push_back(op::Set{"rev/smsc/U" + id, id});
    store_.execute(std::move(ops), [this, index](BatchResult result) {
      if (!result.status.ok()) {
        std::fprintf(stderr, "write %llu failed: %s\n", static_cast<unsigned long long>(index),
                     result.status.to_string().c_str());
        std::fflush(stderr);
      } else {
        acknowledge(index);
      }
      write_next();
    });
  }

  // Reports the count of calls acknowledged without a gap from the first.
  void acknowledge(uint64_t index) {
    std::lock_guard lock(mutex_);
    if (index >= done_.size()) done_.resize(index + 1, false);
    done_[index] = true;
    while (acked_ < done_.size() && done_[acked_]) ++acked_;
    if (acked_ >= reported_ + kReportEvery) {
      reported_ = acked_;
      std::printf("acked %llu\n", static_cast<unsigned long long>(acked_));
      std::fflush(stdout);
    }
  }

  EmbeddedStateStore& store_;
  std::mutex mutex_;
  uint64_t next_ = 0;
  uint64_t acked_ = 0;
  uint64_t reported_ = 0;
  std::vector<bool> done_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: smppd_state_writer <state directory>\n");
    return 2;
  }
  // Never outlive the test that started us.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  EmbeddedStateStoreOptions options;
  options.path = argv[1];
  EmbeddedStateStore::Opened opened = EmbeddedStateStore::open(std::move(options));
  if (!opened.store) {
    std::fprintf(stderr, "%s\n", opened.error.c_str());
    return 1;
  }
  Writer writer(*opened.store);
  writer.start();
  for (;;) ::pause();  // the store thread writes until the test kills us
}
