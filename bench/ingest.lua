-- wrk script: POST /api/v1/tickets with varied, realistic bodies over keep-alive connections.
-- ADUAN_RATE (environment): tickets per second across all connections; unset or 0 means as
-- fast as the server answers. ADUAN_CONNECTIONS must match wrk's -c when a rate is set.
-- ADUAN_TOKEN: an API token (agent role or above) sent as Authorization: Bearer.
local rate = tonumber(os.getenv("ADUAN_RATE") or "0")
local headers = { ["Content-Type"] = "application/json",
                  ["Authorization"] = "Bearer " .. (os.getenv("ADUAN_TOKEN") or "") }
local connections = tonumber(os.getenv("ADUAN_CONNECTIONS") or "64")
local counter = 0
local channels = { "phone", "email", "chat", "web", "social", "walk_in" }
local categories = { "payment", "incentive", "account", "verification", "training", "certificate", "other" }
local priorities = { "low", "normal", "normal", "normal", "high", "urgent" }
local subjects = { "Insentif belum masuk", "Akun tidak bisa login", "Sertifikat pelatihan belum terbit",
                   "Verifikasi NIK gagal", "Dana pelatihan terpotong", "Nomor HP berubah" }

request = function()
  counter = counter + 1
  local body = string.format(
    '{"subject":"%s #%d","description":"Peserta menelepon: %s.","channel":"%s","category":"%s",' ..
    '"priority":"%s","requester":{"name":"Peserta %d","phone":"+62 812 %07d","external_id":"P-%d"},' ..
    '"team":"tier1","tags":["bench"]}',
    subjects[counter % #subjects + 1], counter, subjects[counter % #subjects + 1],
    channels[counter % #channels + 1], categories[counter % #categories + 1],
    priorities[counter % #priorities + 1], counter, counter, counter)
  return wrk.format("POST", "/api/v1/tickets", headers, body)
end

if rate > 0 then
  -- Each connection waits connections/rate seconds between requests (closed-loop pacing).
  delay = function() return connections * 1000 / rate end
end

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.2f rate=%.0f errors=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    summary.requests, secs, summary.requests / secs,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
