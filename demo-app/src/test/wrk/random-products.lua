-- wrk script: GET /api/products/{id} over ids 1..1000, uniformly random; reports non-200 answers.
math.randomseed(os.time())

request = function()
  return wrk.format("GET", "/api/products/" .. math.random(1, 1000))
end

done = function(summary, latency, requests)
  io.write(string.format("non-200 or socket errors: %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
