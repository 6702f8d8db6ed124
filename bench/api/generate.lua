-- wrk script: POST /generate with the web page's default request body, and latency percentiles at the end.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"city":"Paris","country":"France","style":"noir","all_themes":false,"distance":10000,'
    .. '"width":12,"height":16,"format":"png","dpi":300,"margins":0.5,"paper_size":"12x16"}'

done = function(summary, latency, requests)
    io.write(string.format("RESULT requests/s=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        summary.errors.status))
end
