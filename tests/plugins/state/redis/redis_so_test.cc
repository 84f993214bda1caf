// The built libsmppd_redis.so as smppd loads it: dlopen, the entry symbol, one state store
// factory with a usable schema, and the manifest beside it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/plugins/loaded_plugin.h"
#include "tests/plugins/schema_lint.h"
#include "tests/plugins/state/redis/redis_store_driver.h"

namespace smppd::plugins::redis::testing {
namespace {

TEST(RedisSharedObjectTest, OffersOneStateStoreFactory) {
  const smppd_plugin_descriptor* descriptor = loaded_redis_plugin();
  ASSERT_NE(descriptor, nullptr);
  EXPECT_STREQ(descriptor->name, "redis");
  ASSERT_EQ(descriptor->factory_count, 1u);
  const smppd_factory& factory = descriptor->factories[0];
  EXPECT_EQ(factory.kind, SMPPD_KIND_STATE_STORE);
  EXPECT_STREQ(factory.name, "redis");
  EXPECT_EQ(smppd::testing::schema_problems(factory.config_schema), std::vector<std::string>{});
  const smppd_state_store_vtable* vtable = redis_vtable();
  ASSERT_NE(vtable, nullptr);
  EXPECT_EQ(vtable->struct_size, sizeof(smppd_state_store_vtable));
  EXPECT_NE(vtable->subscribe, nullptr);
  EXPECT_NE(vtable->available, nullptr);
  ASSERT_NE(vtable->shared, nullptr);
  EXPECT_EQ(vtable->shared(nullptr), 1) << "every node on the same Redis sees the same counts";
}

TEST(RedisSharedObjectTest, AgreesWithItsManifest) {
  ASSERT_NE(loaded_redis_plugin(), nullptr);
  EXPECT_EQ(smppd::testing::manifest_disagreements(SMPPD_REDIS_MANIFEST, SMPPD_REDIS_SO, *loaded_redis_plugin()),
            std::vector<std::string>{});
}

}  // namespace
}  // namespace smppd::plugins::redis::testing
