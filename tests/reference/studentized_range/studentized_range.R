# Reference values of the studentized range distribution from R's ptukey and qtukey
# (stats, src/nmath/ptukey.c and qtukey.c: Copenhaver & Holland 1988), for
# mcstats.stats.studentized_range (issue 16).
#
#   Rscript tests/reference/studentized_range/studentized_range.R     (from anywhere)
#
# Writes expected.json beside this script: every double at 17 significant digits.
# The grid covers small and fractional df (2, 2.3: Welch df of Games-Howell), the df
# thresholds of R's outer integral (100, 800, 5000, 25000), df = Inf, 2 to 20 means,
# nranges 1 and 3, both tails, and q from the far left to beyond R's w >= 16 cut-off.
library(jsonlite)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))

q <- c(0.05, 0.3, 1, 2, 2.9, 3.5, 4.2, 5, 6.5, 8, 12, 17)
nmeans <- c(2, 3, 4, 5, 10, 20)
df <- c(2, 2.3, 3, 5, 9.7, 20, 57.25, 100, 100.5, 800, 801, 5000, 5001, 24999, 25001, Inf)
nranges <- c(1, 3)
g <- expand.grid(q = q, nmeans = nmeans, df = df, nranges = nranges)
g$lower <- ptukey(g$q, g$nmeans, g$df, g$nranges)
g$upper <- ptukey(g$q, g$nmeans, g$df, g$nranges, lower.tail = FALSE)

qp <- c(0.5, 0.9, 0.95, 0.99, 0.999)
h <- expand.grid(p = qp, nmeans = c(2, 3, 5, 10, 20), df = c(2, 2.3, 4, 11.6, 30, 120, 1000, Inf),
                 nranges = c(1, 2))
h$q <- mapply(function(p, k, d, r) qtukey(p, k, d, r), h$p, h$nmeans, h$df, h$nranges)

# JSON has no Inf: df = Inf is written as the string "Inf".
enc <- function(d) {
  d$df <- ifelse(is.infinite(d$df), "Inf", sprintf("%.17g", d$df))
  d
}
out <- list(
  r_version = R.version.string,
  ptukey = enc(g),
  qtukey = enc(h)
)
writeLines(toJSON(out, digits = I(17), dataframe = "columns", auto_unbox = TRUE, pretty = FALSE),
           file.path(here, "expected.json"))
cat("wrote", file.path(here, "expected.json"), "\n")
