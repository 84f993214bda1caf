#include "plugins/state/redis/batch_script.h"

#include <string>
#include <type_traits>
#include <variant>

namespace smppd::plugins::redis {

namespace state = smppd::cxx::state;

const std::string_view kBatchScript = R"lua(-- smppd's redis state store: one batch of operations, atomically. The layout of KEYS, ARGV and
-- the answer is in plugins/state/redis/batch_script.h.
local OK, NOT_FOUND, EXISTS, MISMATCH, WOULD_CROSS, ABORTED, ERROR = 0, 1, 2, 3, 4, 5, 8
local GET, SET, SET_IF_ABSENT, DELETE, COMPARE_AND_SET, INCREMENT = 1, 2, 3, 4, 5, 6
local LIST_APPEND, LIST_RANGE, LIST_POP_FRONT, LIST_REMOVE, GCRA_TAKE = 7, 8, 9, 10, 11
local SET_ADD, SET_REMOVE, SET_CONTAINS, SET_MEMBERS, PUBLISH = 12, 13, 14, 15, 16
local CHUNK = 256
-- Lua numbers are doubles: counters compare exactly within +-2^53, and a result this close to
-- the int64 limits counts as crossing them, so INCRBY in pass 2 can never overflow.
local EXACT = 9007199254740992
local LIMIT = 9223372036854771712

local clock = redis.call('TIME')
local now_us = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local now_ms = math.floor(now_us / 1000)

local function text_of(number) return string.format('%.0f', number) end

local function answer(status)
  return {status = status, has_value = 0, value = '', number = '0', item_id = '0', count = 0, items = {}}
end

-- A decimal integer as Redis's INCRBY reads one (no sign on 0, no leading zeros, int64), or nil.
local function integer_of(text)
  if text ~= '0' and not string.find(text, '^%-?[1-9]%d*$') then return nil end
  local digits = string.gsub(text, '^%-', '')
  if #digits > 19 then return nil end
  if #digits == 19 then
    local limit = '9223372036854775807'
    if string.sub(text, 1, 1) == '-' then limit = '9223372036854775808' end
    if digits > limit then return nil end
  end
  return tonumber(text)
end

local function read_ops()
  local ops, k, a = {}, 1, 2
  for i = 1, tonumber(ARGV[1]) do
    local t = tonumber(ARGV[a])
    local op = {type = t}
    a = a + 1
    if t >= LIST_APPEND and t <= LIST_REMOVE then
      op.seq, op.items, op.ids = KEYS[k], KEYS[k + 1], KEYS[k + 2]
      k = k + 3
    elseif t ~= PUBLISH then
      op.key = KEYS[k]
      k = k + 1
    end
    if t == SET or t == SET_IF_ABSENT or t == SET_ADD then
      op.value, op.ttl = ARGV[a], tonumber(ARGV[a + 1])
      a = a + 2
    elseif t == COMPARE_AND_SET then
      op.expected, op.value, op.ttl = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 2])
      a = a + 3
    elseif t == INCREMENT then
      op.amount, op.floor, op.ceiling, op.ttl = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3])
      a = a + 4
    elseif t == LIST_APPEND then
      op.value, op.ttl, op.list_ttl = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
      a = a + 3
    elseif t == LIST_RANGE then
      op.after, op.max = ARGV[a], tonumber(ARGV[a + 1])
      a = a + 2
    elseif t == LIST_POP_FRONT or t == SET_MEMBERS then
      op.max = tonumber(ARGV[a])
      a = a + 1
    elseif t == LIST_REMOVE then
      local n = tonumber(ARGV[a])
      op.remove = {}
      for j = 1, n do op.remove[j] = ARGV[a + j] end
      a = a + 1 + n
    elseif t == GCRA_TAKE then
      op.amount, op.interval, op.burst = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
      a = a + 3
    elseif t == SET_REMOVE or t == SET_CONTAINS then
      op.value = ARGV[a]
      a = a + 1
    elseif t == PUBLISH then
      op.channel, op.value = ARGV[a], ARGV[a + 1]
      a = a + 2
    end
    ops[i] = op
  end
  return ops
end

-- Pass 1 reads through an overlay and writes only to it; pass 2 reads and writes Redis.
local overlay = {}
local dry = {
  read = function(key)
    local value = overlay[key]
    if value == nil then value = redis.call('GET', key) end
    return value
  end,
  set = function(key, value) overlay[key] = value end,
  del = function(key) overlay[key] = false end,
  incr = function(key, amount, created, ttl, next_value)
    local text = text_of(next_value)
    overlay[key] = text
    return text
  end,
}
local real = {
  read = function(key) return redis.call('GET', key) end,
  set = function(key, value, ttl)
    if ttl > 0 then redis.call('SET', key, value, 'PX', ttl) else redis.call('SET', key, value) end
  end,
  del = function(key) redis.call('DEL', key) end,
  incr = function(key, amount, created, ttl)
    local value = redis.call('INCRBY', key, amount)
    if created and ttl > 0 then redis.call('PEXPIRE', key, ttl) end
    if value > -EXACT and value < EXACT then return text_of(value) end
    return redis.call('GET', key)
  end,
}

local function value_op(op, store)
  local t, key = op.type, op.key
  if t == GET then
    local value = store.read(key)
    if not value then return answer(NOT_FOUND) end
    local a = answer(OK)
    a.has_value, a.value = 1, value
    return a
  elseif t == SET then
    store.set(key, op.value, op.ttl)
    return answer(OK)
  elseif t == SET_IF_ABSENT then
    if store.read(key) then return answer(EXISTS) end
    store.set(key, op.value, op.ttl)
    return answer(OK)
  elseif t == DELETE then
    if not store.read(key) then return answer(NOT_FOUND) end
    store.del(key)
    local a = answer(OK)
    a.count = 1
    return a
  elseif t == COMPARE_AND_SET then
    local value = store.read(key)
    if value ~= op.expected then
      local a = answer(MISMATCH)
      if value then a.has_value, a.value = 1, value end
      return a
    end
    store.set(key, op.value, op.ttl)
    return answer(OK)
  elseif t == INCREMENT then
    local value = store.read(key)
    local current, current_text = 0, '0'
    if value then
      current, current_text = integer_of(value), value
      if not current then
        local a = answer(ERROR)
        a.message = 'the value under the key is not an integer'
        return a
      end
    end
    local next_value = current + tonumber(op.amount)
    if next_value >= LIMIT or next_value <= -LIMIT or next_value < op.floor or next_value > op.ceiling then
      local a = answer(WOULD_CROSS)
      a.number = current_text
      return a
    end
    local a = answer(OK)
    a.number = store.incr(key, op.amount, not value, op.ttl, next_value)
    return a
  else -- GCRA_TAKE: the stored value is the theoretical arrival time (TAT) in microseconds
    local value = store.read(key)
    local tat = 0
    if value then
      tat = integer_of(value)
      if not tat then
        local a = answer(ERROR)
        a.message = 'the value under the key is not a rate limit'
        return a
      end
    end
    local amount, interval, burst = op.amount, op.interval, op.burst
    if amount > burst then
      local a = answer(WOULD_CROSS)
      a.number = '-1'
      return a
    end
    local start = math.max(tat, now_us)
    local backlog = start - now_us
    local allowance = (burst - amount) * interval
    if backlog > allowance then
      local a = answer(WOULD_CROSS)
      a.number = text_of(math.ceil((backlog - allowance) / 1000))
      return a
    end
    if amount > 0 then
      local new_tat = start + amount * interval
      store.set(key, text_of(new_tat), math.max(1, math.ceil((new_tat - now_us) / 1000)))
    end
    local a = answer(OK)
    a.number = text_of(math.min(math.floor((allowance - backlog) / interval), burst - amount))
    return a
  end
end

local function live_value(raw)
  if not raw then return nil end
  local separator = string.find(raw, ':', 1, true)
  if not separator then return nil end
  local expires = tonumber(string.sub(raw, 1, separator - 1))
  if not expires or (expires ~= 0 and expires <= now_ms) then return nil end
  return string.sub(raw, separator + 1)
end

-- Walks a list's items in id order from `from` (a ZRANGEBYSCORE bound) and answers up to `max`
-- live ones. mode 'read' changes nothing; 'range' deletes the expired items it steps over; 'pop'
-- deletes every item it steps over.
local function walk(op, from, max, mode)
  local items, found, cursor = {}, 0, from
  while found < max do
    local ids = redis.call('ZRANGEBYSCORE', op.ids, cursor, '+inf', 'LIMIT', 0, math.min(max - found, CHUNK))
    if #ids == 0 then break end
    local raws = redis.call('HMGET', op.items, unpack(ids))
    local doomed = {}
    for j = 1, #ids do
      local id = ids[j]
      cursor = '(' .. id
      local value = live_value(raws[j])
      if value then
        found = found + 1
        items[#items + 1] = id
        items[#items + 1] = value
      end
      if mode == 'pop' or (mode == 'range' and not value) then doomed[#doomed + 1] = id end
      if found >= max then break end
    end
    if #doomed > 0 then
      redis.call('ZREM', op.ids, unpack(doomed))
      redis.call('HDEL', op.items, unpack(doomed))
    end
  end
  return items
end

local function list_append(op)
  local id = redis.call('INCR', op.seq)
  if id == 1 then
    -- A counter lost while items remain (never expected): continue above the last item.
    local last = redis.call('ZRANGE', op.ids, -1, -1, 'WITHSCORES')
    if last[2] then
      id = tonumber(last[2]) + 1
      redis.call('SET', op.seq, text_of(id))
    end
  end
  local id_text = text_of(id)
  local expires = 0
  if op.ttl > 0 then expires = now_ms + op.ttl end
  redis.call('HSET', op.items, id_text, text_of(expires) .. ':' .. op.value)
  redis.call('ZADD', op.ids, id_text, id_text)
  if op.list_ttl > 0 then
    redis.call('PEXPIRE', op.seq, op.list_ttl)
    redis.call('PEXPIRE', op.items, op.list_ttl)
    redis.call('PEXPIRE', op.ids, op.list_ttl)
  else
    -- Items and ids recreated after a pop emptied them keep the whole list's expiry.
    local ttl = redis.call('PTTL', op.seq)
    if ttl > 0 then
      redis.call('PEXPIRE', op.items, ttl)
      redis.call('PEXPIRE', op.ids, ttl)
    end
  end
  local a = answer(OK)
  a.item_id = id_text
  return a
end

local function list_remove(op)
  local removed, seen, ids = 0, {}, {}
  for _, id in ipairs(op.remove) do
    if not seen[id] then
      seen[id] = true
      ids[#ids + 1] = id
    end
  end
  for first = 1, #ids, CHUNK do
    local chunk = {}
    for j = first, math.min(first + CHUNK - 1, #ids) do chunk[#chunk + 1] = ids[j] end
    local raws = redis.call('HMGET', op.items, unpack(chunk))
    local present = {}
    for j = 1, #chunk do
      if raws[j] then
        present[#present + 1] = chunk[j]
        if live_value(raws[j]) then removed = removed + 1 end
      end
    end
    if #present > 0 then
      redis.call('HDEL', op.items, unpack(present))
      redis.call('ZREM', op.ids, unpack(present))
    end
  end
  local a = answer(OK)
  a.count = removed
  return a
end

local function members(op)
  local a = answer(OK)
  if op.max > 0 then
    for _, member in ipairs(redis.call('SRANDMEMBER', op.key, op.max)) do
      a.items[#a.items + 1] = '0'
      a.items[#a.items + 1] = member
    end
  end
  return a
end

-- Pass 2: every operation for real.
local function apply(op)
  local t = op.type
  if t <= INCREMENT or t == GCRA_TAKE then return value_op(op, real) end
  local a = answer(OK)
  if t == LIST_APPEND then
    return list_append(op)
  elseif t == LIST_RANGE then
    if op.max > 0 then a.items = walk(op, '(' .. op.after, op.max, 'range') end
  elseif t == LIST_POP_FRONT then
    if op.max > 0 then a.items = walk(op, '-inf', op.max, 'pop') end
  elseif t == LIST_REMOVE then
    return list_remove(op)
  elseif t == SET_ADD then
    a.count = redis.call('SADD', op.key, op.value)
    if op.ttl > 0 then redis.call('PEXPIRE', op.key, op.ttl) end
  elseif t == SET_REMOVE then
    a.count = redis.call('SREM', op.key, op.value)
  elseif t == SET_CONTAINS then
    a.count = redis.call('SISMEMBER', op.key, op.value)
  elseif t == SET_MEMBERS then
    return members(op)
  elseif t == PUBLISH then
    redis.call('PUBLISH', op.channel, op.value)
  end
  return a
end

-- In a batch that stopped, a list or set operation before the stop answers what it reads of the
-- stored data; one that would have written answers ok and changes nothing.
local function read_only(op)
  local t = op.type
  local a = answer(OK)
  if t == LIST_RANGE and op.max > 0 then
    a.items = walk(op, '(' .. op.after, op.max, 'read')
  elseif t == SET_CONTAINS then
    a.count = redis.call('SISMEMBER', op.key, op.value)
  elseif t == SET_MEMBERS then
    return members(op)
  end
  return a
end

local ops = read_ops()
local answers, stopped = {}, 0
for i, op in ipairs(ops) do
  if op.type <= INCREMENT or op.type == GCRA_TAKE then
    local a = value_op(op, dry)
    answers[i] = a
    if a.status ~= OK and a.status ~= NOT_FOUND then
      stopped = i
      break
    end
  end
end

local status, message = OK, ''
if stopped > 0 then
  status, message = answers[stopped].status, answers[stopped].message or ''
  for i, op in ipairs(ops) do
    if i > stopped then
      answers[i] = answer(ABORTED)
    elseif not answers[i] then
      answers[i] = read_only(op)
    end
  end
else
  for i, op in ipairs(ops) do answers[i] = apply(op) end
end

local out = {status, message, #ops}
for _, a in ipairs(answers) do
  out[#out + 1] = a.status
  out[#out + 1] = a.has_value
  out[#out + 1] = a.value
  out[#out + 1] = a.number
  out[#out + 1] = a.item_id
  out[#out + 1] = a.count
  out[#out + 1] = #a.items / 2
  for _, field in ipairs(a.items) do out[#out + 1] = field end
end
return out
)lua";

namespace {

std::string number(int64_t value) { return std::to_string(value); }

class BatchEncoder {
 public:
  BatchEncoder(ScriptCall& call, const KeyLayout& layout) : call_(call), layout_(layout) {}

  void operator()(const state::op::Get& op) { value(SMPPD_STATE_GET, op.key); }
  void operator()(const state::op::Set& op) {
    value(SMPPD_STATE_SET, op.key);
    call_.add_arg_view(op.value);
    call_.add_arg(number(op.ttl.count()));
  }
  void operator()(const state::op::SetIfAbsent& op) {
    value(SMPPD_STATE_SET_IF_ABSENT, op.key);
    call_.add_arg_view(op.value);
    call_.add_arg(number(op.ttl.count()));
  }
  void operator()(const state::op::Delete& op) { value(SMPPD_STATE_DELETE, op.key); }
  void operator()(const state::op::CompareAndSet& op) {
    value(SMPPD_STATE_COMPARE_AND_SET, op.key);
    call_.add_arg_view(op.expected);
    call_.add_arg_view(op.desired);
    call_.add_arg(number(op.ttl.count()));
  }
  void operator()(const state::op::Increment& op) {
    value(SMPPD_STATE_INCREMENT, op.key);
    call_.add_arg(number(op.delta));
    call_.add_arg(number(op.floor));
    call_.add_arg(number(op.ceiling));
    call_.add_arg(number(op.ttl.count()));
  }
  void operator()(const state::op::ListAppend& op) {
    list(SMPPD_STATE_LIST_APPEND, op.list);
    call_.add_arg_view(op.value);
    call_.add_arg(number(op.item_ttl.count()));
    call_.add_arg(number(op.list_ttl.count()));
  }
  void operator()(const state::op::ListRange& op) {
    list(SMPPD_STATE_LIST_RANGE, op.list);
    call_.add_arg(std::to_string(op.after_id));
    call_.add_arg(std::to_string(op.max_items));
  }
  void operator()(const state::op::ListPopFront& op) {
    list(SMPPD_STATE_LIST_POP_FRONT, op.list);
    call_.add_arg(std::to_string(op.max_items));
  }
  void operator()(const state::op::ListRemove& op) {
    list(SMPPD_STATE_LIST_REMOVE, op.list);
    call_.add_arg(std::to_string(op.ids.size()));
    for (const uint64_t id : op.ids) call_.add_arg(std::to_string(id));
  }
  void operator()(const state::op::GcraTake& op) {
    value(SMPPD_STATE_GCRA_TAKE, op.key);
    call_.add_arg(number(op.amount));
    call_.add_arg(number(op.interval.count()));
    call_.add_arg(number(op.burst));
  }
  void operator()(const state::op::SetAdd& op) {
    set(SMPPD_STATE_SET_ADD, op.set);
    call_.add_arg_view(op.member);
    call_.add_arg(number(op.ttl.count()));
  }
  void operator()(const state::op::SetRemove& op) {
    set(SMPPD_STATE_SET_REMOVE, op.set);
    call_.add_arg_view(op.member);
  }
  void operator()(const state::op::SetContains& op) {
    set(SMPPD_STATE_SET_CONTAINS, op.set);
    call_.add_arg_view(op.member);
  }
  void operator()(const state::op::SetMembers& op) {
    set(SMPPD_STATE_SET_MEMBERS, op.set);
    call_.add_arg(std::to_string(op.max_items));
  }
  void operator()(const state::op::Publish& op) {
    call_.add_arg(number(SMPPD_STATE_PUBLISH));
    call_.add_arg(layout_.channel(op.channel));
    call_.add_arg_view(op.message);
  }

 private:
  void value(int32_t type, const std::string& key) {
    call_.add_arg(number(type));
    call_.add_key(layout_.value_key(key));
  }
  void list(int32_t type, const std::string& name) {
    call_.add_arg(number(type));
    call_.add_key(layout_.list_sequence(name));
    call_.add_key(layout_.list_items(name));
    call_.add_key(layout_.list_ids(name));
  }
  void set(int32_t type, const std::string& name) {
    call_.add_arg(number(type));
    call_.add_key(layout_.set_key(name));
  }

  ScriptCall& call_;
  const KeyLayout& layout_;
};

}  // namespace

std::vector<std::string_view> ScriptCall::argv(std::string_view command, std::string_view sha_or_script) const {
  numkeys_ = std::to_string(keys_.size());
  std::vector<std::string_view> argv;
  argv.reserve(3 + keys_.size() + args_.size());
  argv.push_back(command);
  argv.push_back(sha_or_script);
  argv.push_back(numkeys_);
  argv.insert(argv.end(), keys_.begin(), keys_.end());
  argv.insert(argv.end(), args_.begin(), args_.end());
  return argv;
}

ScriptCall encode_batch(const std::vector<state::StateOp>& ops, const KeyLayout& layout) {
  ScriptCall call;
  call.add_arg(std::to_string(ops.size()));
  BatchEncoder encoder(call, layout);
  for (const state::StateOp& op : ops) std::visit(encoder, op);
  return call;
}

}  // namespace smppd::plugins::redis
