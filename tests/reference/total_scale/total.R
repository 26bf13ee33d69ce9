# Whole-instrument alpha beside the subscale alphas (run here: Rscript total.R).
# ds1_4pt_complete: scales A = A1..A5 and B = B1..B5, no missing values.
suppressPackageStartupMessages({library(psych); library(jsonlite)})
d <- read.csv("../datasets/ds1_4pt_complete.csv", stringsAsFactors = FALSE)
a <- function(cols) psych::alpha(d[, cols], check.keys = FALSE, warnings = FALSE)$total
A <- paste0("A", 1:5); B <- paste0("B", 1:5)
out <- list(dataset = "ds1_4pt_complete",
            alpha_A = a(A)$raw_alpha, alpha_B = a(B)$raw_alpha, alpha_total = a(c(A, B))$raw_alpha,
            mean_total_items = mean(colMeans(d[, c(A, B)])))
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = TRUE), "total.R.json")
