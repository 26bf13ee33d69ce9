# R reference for the code-range datasets (run from this folder: Rscript ranges.R).
# psych::alpha on the reverse-keyed items (lowest + highest - x), listwise, and on the same
# data shifted by +10 (alpha must not change, means shift by 10); item means and SDs on
# available cases; mean of item means.
suppressPackageStartupMessages({library(psych); library(jsonlite)})
specs <- list(
  ds8_0to3 = list(lowest = 0, highest = 3, items = paste0("M", 1:6), reverse = "M3"),
  ds9_1to7 = list(lowest = 1, highest = 7, items = paste0("S", 1:6), reverse = "S2"))
for (name in names(specs)) {
  s <- specs[[name]]
  d <- read.csv(paste0(name, ".csv"), stringsAsFactors = FALSE)
  x <- d[, s$items]
  for (r in s$reverse) x[[r]] <- s$lowest + s$highest - x[[r]]
  cc <- na.omit(x)
  a <- psych::alpha(cc, check.keys = FALSE, warnings = FALSE)
  a10 <- psych::alpha(cc + 10, check.keys = FALSE, warnings = FALSE)
  means <- sapply(x, mean, na.rm = TRUE)
  out <- list(
    dataset = name,
    n_complete = nrow(cc),
    alpha = a$total$raw_alpha,
    alpha_shifted_by_10 = a10$total$raw_alpha,
    std_alpha = a$total$std.alpha,
    corrected_item_total_r = as.list(setNames(a$item.stats$r.drop, s$items)),
    item_mean = as.list(means),
    item_mean_shifted_by_10 = as.list(sapply(x + 10, mean, na.rm = TRUE)),
    item_sd = as.list(sapply(x, sd, na.rm = TRUE)),
    mean_of_item_means = mean(means),
    scale_mean_complete = mean(rowSums(cc)))
  writeLines(toJSON(out, auto_unbox = TRUE, digits = I(17), pretty = TRUE), paste0(name, ".R.json"))
  cat("wrote", paste0(name, ".R.json"), "\n")
}
