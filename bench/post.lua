-- post.lua - wrk sends survey answers: each request a POST of the public
-- form with its own signed token (read from the file $TOKENS, one per
-- line, split between wrk's threads so that no two requests share one),
-- the nine answers and a profile field, as a browser posts the form.
--
--	TOKENS=file THREADS=n wrk -t n -c C -d S -s bench/post.lua URL

local counter = 0
local threads = {}

function setup(thread)
	thread:set("id", counter)
	thread:set("nthreads", tonumber(os.getenv("THREADS") or "2"))
	counter = counter + 1
	table.insert(threads, thread)
end

local bodies = {}
local next_body = 0
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local answers = "&u1=4&u2=3&u3=3&u4=4&u5=3&u6=4&u7=4&u8=2&u9=3&gender=p"

function init(args)
	local n = 0
	for line in io.lines(os.getenv("TOKENS")) do
		if n % nthreads == id then
			bodies[#bodies + 1] = "token=" .. line .. answers
		end
		n = n + 1
	end
end

function request()
	next_body = next_body + 1
	if next_body > #bodies then
		next_body = 1 -- a token sent twice is refused as a replay (409)
	end
	return wrk.format("POST", nil, headers, bodies[next_body])
end
