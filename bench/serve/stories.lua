-- wrk script: GET every story page in turn (/story/s1 ... /story/sN), so the
-- load covers small and large stories alike. N from the environment
-- (STORIES, default 1000): the store's story count, from /api/stories.
local n = tonumber(os.getenv("STORIES") or "1000")
local i = 0
request = function()
  i = i % n + 1
  return wrk.format("GET", "/story/s" .. i)
end
