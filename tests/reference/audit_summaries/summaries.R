# Reference values for tests computed from printed summaries (tests/audit/test_audit_summaries.py):
# one-way ANOVA (aov, qf), Pearson's chi-square of crosstabs (chisq.test without correction)
# and correlations (cor.test), on seeded random Likert data. Writes summaries.json here.
# Run from the repository root:  Rscript tests/reference/audit_summaries/summaries.R
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261201)
out <- list(anova = list(), chisq = list(), cor = list())
for (i in 1:12) {
  k <- if (i <= 4) 2L else sample(3:5, 1)
  n <- sample(3:40, k, replace = TRUE)
  g <- factor(rep(seq_len(k), n))
  shift <- sample(0:2, k, replace = TRUE)
  y <- pmin(5, pmax(1, sample(1:5, sum(n), replace = TRUE) + shift[as.integer(g)] - 1))
  fit <- summary(aov(y ~ g))[[1]]
  out$anova[[i]] <- list(
    n = as.integer(n),
    mean = sprintf("%.15f", tapply(y, g, mean)),
    sd = sprintf("%.15f", tapply(y, g, sd)),
    F = fit[["F value"]][1], p = fit[["Pr(>F)"]][1],
    df1 = fit[["Df"]][1], df2 = fit[["Df"]][2],
    f_critical = qf(0.95, fit[["Df"]][1], fit[["Df"]][2]),
    t = if (k == 2) unname(t.test(y ~ g, var.equal = TRUE)$statistic) else NULL
  )
}
for (i in 1:10) {
  r <- sample(2:4, 1); c <- sample(2:4, 1)
  tab <- matrix(sample(0:30, r * c, replace = TRUE) + 1L, nrow = r)
  test <- suppressWarnings(chisq.test(tab, correct = FALSE))
  out$chisq[[i]] <- list(
    counts = lapply(seq_len(r), function(j) as.integer(tab[j, ])),
    chi2 = unname(test$statistic), df = unname(test$parameter), p = test$p.value,
    expected = lapply(seq_len(r), function(j) unname(test$expected[j, ]))
  )
}
for (i in 1:10) {
  n <- sample(5:200, 1)
  x <- sample(1:5, n, replace = TRUE)
  y <- pmin(5, pmax(1, x + sample(-2:2, n, replace = TRUE)))
  ct <- cor.test(x, y)
  out$cor[[i]] <- list(n = n, r = unname(ct$estimate), p = ct$p.value)
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path("tests", "reference", "audit_summaries", "summaries.json"))
cat("wrote tests/reference/audit_summaries/summaries.json\n")
