# Reference p values of Spearman's rho from R's cor.test(method = "spearman") with its
# default exact = NULL (issue 16): AS 89 (Best & Roberts 1975; exact enumeration for
# n <= 9, Edgeworth series for 9 < n <= 1290) without ties, the t approximation with ties
# or n > 1290. Also exact = FALSE for every case.
#
#   Rscript tests/reference/analyses/spearman.R     (from anywhere)
#
# Writes expected/spearman.json beside this script: the data (x, y) of every case and R's
# rho, S and p values, doubles at 17 significant digits.
library(jsonlite)
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
set.seed(20261202)

cases <- list()
add <- function(name, x, y) {
  ct <- suppressWarnings(cor.test(x, y, method = "spearman"))
  ca <- cor.test(x, y, method = "spearman", exact = FALSE)
  ties <- min(length(unique(x)), length(unique(y))) < length(x)
  cases[[length(cases) + 1]] <<- list(
    name = name, n = length(x), ties = ties, x = x, y = y,
    rho = unname(ct$estimate), S = unname(ct$statistic),
    p = ct$p.value, p_t_approximation = ca$p.value)
}
# Untied permutations: small n (exact), the Edgeworth range, its upper end 1290 and 1291.
for (n in c(3, 4, 5, 6, 7, 8, 9, 10, 12, 15, 20, 30, 50, 100, 400, 1290, 1291)) {
  x <- seq_len(n)
  add(sprintf("perm_n%d", n), x, sample(n))
  # a strongly positive and a strongly negative pair
  y <- order(x + rnorm(n, sd = n / 4))
  add(sprintf("pos_n%d", n), x, y)
  add(sprintf("neg_n%d", n), x, rev(y))
}
add("perfect_n7", 1:7, 1:7)
add("reverse_n8", 1:8, 8:1)
add("perfect_n12", 1:12, 1:12)
# Ties: Likert-like codes.
for (n in c(6, 9, 25, 200)) {
  x <- sample(1:5, n, replace = TRUE)
  y <- pmin(5, pmax(1, x + sample(-1:1, n, replace = TRUE)))
  add(sprintf("likert_n%d", n), x, y)
}
add("one_tie_n8", c(1, 2, 3, 4, 5, 6, 7, 7), c(2, 1, 4, 3, 6, 5, 8, 7))

out <- list(r_version = R.version.string, cases = cases)
dir.create(file.path(here, "expected"), showWarnings = FALSE)
writeLines(toJSON(out, digits = I(17), auto_unbox = TRUE, pretty = FALSE),
           file.path(here, "expected", "spearman.json"))
cat("wrote", file.path(here, "expected", "spearman.json"), "\n")
