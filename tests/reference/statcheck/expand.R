# Evaluate the R parts of tests/fixtures/statcheck/cases.yaml (statcheck's test strings built
# with qt(), the expected p values built with pt/pf/pchisq/pnorm) and write
# tests/fixtures/statcheck/expanded.json; also write p_values.csv, R's p values for a grid of
# test statistics, which mcstats's recomputed p must equal to 1e-10.
#
# Run from the repository root:  Rscript tests/reference/statcheck/expand.R
# Needs the R packages yaml and jsonlite. Nothing here uses mcstats or statcheck.
suppressPackageStartupMessages({
  library(yaml)
  library(jsonlite)
})

fixtures <- file.path("tests", "fixtures", "statcheck")
cases <- yaml::read_yaml(file.path(fixtures, "cases.yaml"))

# The r-to-t transformation statcheck's tests call (t = r / sqrt((1 - r^2) / df)).
r2t <- function(r, df) r / sqrt((1 - r^2) / df)

value_of <- function(x, env) {
  if (is.list(x) && !is.null(x$r)) {
    v <- eval(parse(text = x$r), envir = env)
    if (is.character(v) || is.logical(v)) return(v)
    return(unname(v))
  }
  x
}

out <- list()
for (file in names(cases)) {
  groups <- list()
  for (g in cases[[file]]) {
    env <- new.env()
    assign("r2t", r2t, envir = env)
    for (d in g$defs) eval(parse(text = d), envir = env)
    texts <- list()
    for (name in names(g$texts)) {
      # paste0()/paste() turn numbers into text exactly as statcheck's tests do
      texts[[name]] <- as.character(value_of(g$texts[[name]], env))
    }
    checks <- list()
    for (ch in g$checks) {
      expect <- list()
      for (key in names(ch$expect)) expect[[key]] <- value_of(ch$expect[[key]], env)
      checks[[length(checks) + 1]] <- list(
        texts = ch$texts,
        options = if (is.null(ch$options)) structure(list(), names = character(0)) else ch$options,
        expect = expect
      )
    }
    groups[[length(groups) + 1]] <- list(name = g$name, texts = texts, checks = checks)
  }
  out[[file]] <- groups
}
writeLines(
  jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
  file.path(fixtures, "expanded.json")
)

# p values of a grid of statistics: two-sided for t, r and z (as statcheck), upper tail for
# F, chi-square and Q.
grid <- rbind(
  expand.grid(statistic = "t", value = c(0, 0.5, 1.96, 2.2, -2.2, 6.41, 22.2), df1 = NA,
              df2 = c(1, 2.5, 28, 28.1, 475, 5000), stringsAsFactors = FALSE),
  expand.grid(statistic = "F", value = c(0.2, 1, 2.2, 23.95, 150), df1 = c(1, 2, 2.1, 5),
              df2 = c(3, 28, 28.1, 76, 1000), stringsAsFactors = FALSE),
  expand.grid(statistic = "chi2", value = c(0.1, 2.2, 3.25, 16.78, 22.2, 52.2), df1 = c(1, 2, 28),
              df2 = NA, stringsAsFactors = FALSE),
  expand.grid(statistic = "z", value = c(0, 1.2, -2.42, 2.2, 3.5, 8), df1 = NA, df2 = NA,
              stringsAsFactors = FALSE),
  expand.grid(statistic = "r", value = c(0, 0.2, -0.22, 0.52, 0.99, 1), df1 = NA,
              df2 = c(3, 28, 28.1, 300), stringsAsFactors = FALSE)
)
grid$p <- NA_real_
for (i in seq_len(nrow(grid))) {
  s <- grid$statistic[i]; x <- grid$value[i]; d1 <- grid$df1[i]; d2 <- grid$df2[i]
  grid$p[i] <- switch(s,
    t = 2 * pt(-abs(x), d2),
    F = pf(x, d1, d2, lower.tail = FALSE),
    chi2 = pchisq(x, d1, lower.tail = FALSE),
    z = 2 * pnorm(abs(x), lower.tail = FALSE),
    r = 2 * pt(-abs(r2t(x, d2)), d2)
  )
}
grid$p <- sprintf("%.17g", grid$p)
write.csv(grid, file.path(fixtures, "p_values.csv"), row.names = FALSE, na = "")
cat("wrote", file.path(fixtures, "expanded.json"), "and p_values.csv\n")
