module github.com/formloom/formloom

go 1.26.8

require github.com/rs/xid v1.6.0
