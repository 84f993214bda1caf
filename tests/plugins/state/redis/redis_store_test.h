// Tests of the redis store against a real redis-server started for each test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/plugins/state/redis/redis_store_driver.h"
#include "tests/support/redis_server.h"

namespace smppd::plugins::redis::testing {

class RedisStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(redis_.start(&error)) << error;
    store_ = std::make_unique<StoreDriver>(store_config(redis_.port(), {}, prefix_));
    ASSERT_EQ(store_->open_result(), SMPPD_OK) << store_->open_error();
    ASSERT_TRUE(store_->available());
  }
  void TearDown() override {
    if (store_) store_->close();
  }

  StoreDriver& store() { return *store_; }
  const std::string& store_prefix() const { return prefix_; }

  smppd::testing::RedisServer redis_;
  std::string prefix_ = unique_prefix();
  std::unique_ptr<StoreDriver> store_;
};

}  // namespace smppd::plugins::redis::testing
