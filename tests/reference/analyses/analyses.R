# Reference values for group comparisons, rank tests, crosstabs and correlations (issue 16).
#
#   Rscript tests/reference/analyses/analyses.R     (from anywhere)
#
# Reads manifest.json of this folder, writes datasets/bfi_subset.csv from psych::bfi, and
# writes expected/<dataset>.json with every double at 17 significant digits.
#
# R functions used as they are: stats::aov, oneway.test, TukeyHSD, kruskal.test,
# wilcox.test (exact and continuity-corrected), t.test, chisq.test, fisher.test, cor.test,
# p.adjust, car::leveneTest (center = mean and center = median).
# Written out below from their textbook formulas (no package in this R has them):
#   Brown-Forsythe F* test of means   Brown, M. B. & Forsythe, A. B. (1974). The small sample
#                                      behavior of some statistics which test the equality of
#                                      several means. Technometrics 16, 129-132.
#   Games-Howell                       Games, P. A. & Howell, J. F. (1976). Pairwise multiple
#                                      comparison procedures with unequal n's and/or variances.
#                                      J. Educational Statistics 1, 113-125.
#   Scheffe                            Scheffe, H. (1953). A method for judging all contrasts in
#                                      the analysis of variance. Biometrika 40, 87-110;
#                                      Maxwell & Delaney (2004), Designing Experiments, ch. 5.
#   Dunn                               Dunn, O. J. (1964). Multiple comparisons using rank sums.
#                                      Technometrics 6, 241-252 (tie-corrected variance as in
#                                      Dinno's dunn.test), Holm (1979) via p.adjust.
#   eta^2 / omega^2 and the CI         Hays (1963); Steiger, J. H. (2004). Beyond the F test.
#                                      Psychological Methods 9, 164-182: noncentral-F inversion,
#                                      population eta^2 = lambda / (lambda + N).
#   likelihood-ratio chi-square        G^2 = 2 sum O ln(O / E) (Agresti 2013, 3.2.1)
#   Cramer's V                         sqrt(X^2 / (N (min(r, c) - 1))) (Cramer 1946)
#   rank-biserial r, epsilon^2         r = 2 U1 / (n1 n2) - 1 (Glass 1965; Kerby 2014);
#                                      epsilon^2 = H (n + 1) / (n^2 - 1) (Tomczak & Tomczak 2014)
#   Mann-Whitney Z (SPSS)              (U1 - n1 n2 / 2) / sqrt(n1 n2 / 12 ((n + 1) - sum(t^3 - t) / (n (n - 1))))

suppressPackageStartupMessages({
  library(psych)
  library(car)
  library(jsonlite)
})

args_all <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(file_arg)) dirname(normalizePath(file_arg)) else normalizePath("tests/reference/analyses")
out_dir <- file.path(here, "expected")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
dir.create(file.path(here, "datasets"), showWarnings = FALSE)

# ---------------------------------------------------------------- JSON writer (17 digits)
json_str <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  paste0("\"", s, "\"")
}
json_num <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(as.character(x))
  sprintf("%.17g", x)
}
jarray <- function(x) structure(as.list(x), class = "jarray")
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (inherits(x, "jarray")) {
    x <- unclass(x)
    if (length(x) == 0) return("[]")
    parts <- vapply(x, to_json, character(1), indent = indent + 1)
    if (all(vapply(x, function(e) is.atomic(e) && length(e) == 1, logical(1)))) {
      return(paste0("[", paste(parts, collapse = ", "), "]"))
    }
    return(paste0("[\n", paste0(pad1, parts, collapse = ",\n"), "\n", pad, "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return("{}")
    nm <- names(x)
    parts <- vapply(seq_along(x), function(i) {
      paste0(pad1, json_str(nm[i]), ": ", to_json(x[[i]], indent + 1))
    }, character(1))
    return(paste0("{\n", paste(parts, collapse = ",\n"), "\n", pad, "}"))
  }
  if (length(x) != 1) return(to_json(jarray(x), indent))
  if (is.character(x)) return(if (is.na(x)) "null" else json_str(x))
  if (is.logical(x)) return(if (is.na(x)) "null" else if (x) "true" else "false")
  json_num(x)
}

# Levels in sorted order: numbers numerically, text bytewise (C locale).
sorted_levels <- function(v) {
  u <- unique(v[!is.na(v)])
  num <- suppressWarnings(as.numeric(u))
  if (all(!is.na(num))) return(as.character(u[order(num)]))
  sort(as.character(u), method = "radix")
}

# ---------------------------------------------------------------- one-way ANOVA family
group_rows <- function(y, f) {
  jarray(lapply(levels(f), function(l) {
    v <- y[f == l]
    n <- length(v)
    m <- mean(v)
    s <- if (n > 1) sd(v) else NA_real_
    h <- if (n > 1) qt(0.975, n - 1) * s / sqrt(n) else NA_real_
    list(level = l, n = n, mean = m, sd = s, se = s / sqrt(n), ci95 = jarray(c(m - h, m + h)))
  }))
}

levene <- function(y, f, center) {
  lt <- car::leveneTest(y ~ f, center = center)
  list(F = lt[1, "F value"], df1 = as.integer(lt[1, "Df"]), df2 = as.integer(lt[2, "Df"]),
       p = lt[1, "Pr(>F)"])
}

brown_forsythe <- function(y, f) {
  n <- tapply(y, f, length); m <- tapply(y, f, mean); v <- tapply(y, f, var)
  N <- sum(n); k <- length(n)
  a <- (1 - n / N) * v
  Fs <- sum(n * (m - mean(y))^2) / sum(a)
  cc <- a / sum(a)
  df2 <- 1 / sum(cc^2 / (n - 1))
  list(F = Fs, df1 = k - 1, df2 = df2, p = pf(Fs, k - 1, df2, lower.tail = FALSE))
}

# Steiger (2004): lambda bounds with P(F' <= F_obs | lambda) = 0.975 and 0.025.
eta_ci <- function(Fobs, df1, df2, N) {
  target <- function(lam, q) pf(Fobs, df1, df2, ncp = lam) - q
  bound <- function(q) {
    if (pf(Fobs, df1, df2) < q) return(0)
    hi <- max(10, Fobs * df1 * 4)
    while (target(hi, q) > 0) hi <- hi * 2
    uniroot(target, c(0, hi), q = q, tol = 1e-13)$root
  }
  lam <- c(bound(0.975), bound(0.025))
  lam / (lam + N)
}

pairs_of <- function(lv) {
  out <- list()
  for (i in seq_along(lv)) for (j in seq_along(lv)) if (i < j) out[[length(out) + 1]] <- c(i, j)
  out
}

posthoc <- function(y, f, fit) {
  lv <- levels(f); k <- length(lv)
  n <- as.numeric(tapply(y, f, length)); m <- as.numeric(tapply(y, f, mean))
  v <- as.numeric(tapply(y, f, var))
  N <- sum(n)
  mse <- sum((y - ave(y, f))^2) / (N - k)
  tk <- TukeyHSD(fit, conf.level = 0.95)[[1]]
  tukey <- list(); gh <- list(); sch <- list()
  for (p in pairs_of(lv)) {
    i <- p[1]; j <- p[2]
    d <- m[i] - m[j]
    # TukeyHSD row "lv[j]-lv[i]" is m[j] - m[i]: flip it to I - J.
    row <- tk[paste0(lv[j], "-", lv[i]), ]
    se <- sqrt(mse * (1 / n[i] + 1 / n[j]))
    tukey[[length(tukey) + 1]] <- list(
      level_i = lv[i], level_j = lv[j], mean_difference = d, se = se,
      q = abs(d) / sqrt(mse / 2 * (1 / n[i] + 1 / n[j])), df = N - k,
      ci95 = jarray(c(-row[["upr"]], -row[["lwr"]])), p = row[["p adj"]])
    # Games-Howell: Welch SE and df per pair, studentized range with k means.
    vi <- v[i] / n[i]; vj <- v[j] / n[j]
    seg <- sqrt(vi + vj)
    dfg <- (vi + vj)^2 / (vi^2 / (n[i] - 1) + vj^2 / (n[j] - 1))
    qg <- abs(d) / (seg / sqrt(2))
    hw <- qtukey(0.95, k, dfg) / sqrt(2) * seg
    gh[[length(gh) + 1]] <- list(
      level_i = lv[i], level_j = lv[j], mean_difference = d, se = seg, q = qg, df = dfg,
      ci95 = jarray(c(d - hw, d + hw)), p = ptukey(qg, k, dfg, lower.tail = FALSE))
    # Scheffe: F = (d / se)^2 / (k - 1) on (k - 1, N - k); CI half-width sqrt((k-1) F_crit) se.
    Fs <- (d / se)^2 / (k - 1)
    hs <- sqrt((k - 1) * qf(0.95, k - 1, N - k)) * se
    sch[[length(sch) + 1]] <- list(
      level_i = lv[i], level_j = lv[j], mean_difference = d, se = se, F = Fs, df1 = k - 1,
      df2 = N - k, ci95 = jarray(c(d - hs, d + hs)), p = pf(Fs, k - 1, N - k, lower.tail = FALSE))
  }
  list(tukey = jarray(tukey), games_howell = jarray(gh), scheffe = jarray(sch))
}

anova_block <- function(y, f, scale, group) {
  fit <- aov(y ~ f)
  tab <- summary(fit)[[1]]
  k <- nlevels(f); N <- length(y)
  ssb <- tab[1, "Sum Sq"]; ssw <- tab[2, "Sum Sq"]
  msw <- tab[2, "Mean Sq"]
  welch <- oneway.test(y ~ f, var.equal = FALSE)
  eta2 <- ssb / (ssb + ssw)
  omega2 <- (ssb - (k - 1) * msw) / (ssb + ssw + msw)
  out <- list(
    scale = scale, group = group, levels = jarray(levels(f)), n = N,
    groups = group_rows(y, f),
    levene_mean = levene(y, f, mean),
    levene_median = levene(y, f, median),
    table = list(
      ss_between = ssb, ss_within = ssw, ss_total = ssb + ssw,
      df_between = as.integer(tab[1, "Df"]), df_within = as.integer(tab[2, "Df"]),
      df_total = as.integer(N - 1),
      ms_between = tab[1, "Mean Sq"], ms_within = msw,
      F = tab[1, "F value"], p = tab[1, "Pr(>F)"]),
    welch = list(F = unname(welch$statistic), df1 = unname(welch$parameter[1]),
                 df2 = unname(welch$parameter[2]), p = welch$p.value),
    brown_forsythe = brown_forsythe(y, f),
    eta_squared = eta2,
    omega_squared = omega2,
    eta_squared_ci95 = jarray(eta_ci(tab[1, "F value"], k - 1, N - k, N))
  )
  c(out, posthoc(y, f, fit))
}

# ---------------------------------------------------------------- rank tests
tie_term <- function(y) { t <- table(y); sum(t^3 - t) }

rank_block <- function(y, f, scale, group) {
  lv <- levels(f); k <- length(lv); N <- length(y)
  r <- rank(y)
  mean_ranks <- as.numeric(tapply(r, f, mean))
  ns <- as.numeric(tapply(y, f, length))
  kw <- kruskal.test(y ~ f)
  H <- unname(kw$statistic)
  out <- list(
    scale = scale, group = group, levels = jarray(lv), n = N,
    groups = jarray(lapply(seq_len(k), function(i) list(level = lv[i], n = ns[i],
      mean_rank = mean_ranks[i], rank_sum = sum(r[f == lv[i]])))),
    ties = tie_term(y) > 0,
    kruskal_wallis = list(H = H, df = as.integer(kw$parameter), p = kw$p.value,
                          epsilon_squared = H * (N + 1) / (N^2 - 1))
  )
  # Dunn (1964) with the tie correction of the variance; Holm over all pairs.
  s2 <- N * (N + 1) / 12 - tie_term(y) / (12 * (N - 1))
  dunn <- list(); praw <- c()
  for (p in pairs_of(lv)) {
    i <- p[1]; j <- p[2]
    z <- (mean_ranks[i] - mean_ranks[j]) / sqrt(s2 * (1 / ns[i] + 1 / ns[j]))
    pr <- 2 * pnorm(-abs(z))
    praw <- c(praw, pr)
    dunn[[length(dunn) + 1]] <- list(level_i = lv[i], level_j = lv[j], z = z, p = pr)
  }
  padj <- p.adjust(praw, method = "holm")
  for (q in seq_along(dunn)) dunn[[q]]$p_holm <- padj[q]
  out$dunn <- jarray(dunn)
  if (k == 2) {
    x1 <- y[f == lv[1]]; x2 <- y[f == lv[2]]
    n1 <- length(x1); n2 <- length(x2)
    w <- suppressWarnings(wilcox.test(x1, x2, correct = TRUE))  # R's default rule
    wa <- suppressWarnings(wilcox.test(x1, x2, exact = FALSE, correct = FALSE))
    U1 <- unname(w$statistic)
    sigma <- sqrt(n1 * n2 / 12 * ((N + 1) - tie_term(y) / (N * (N - 1))))
    out$mann_whitney <- list(
      U = U1, W = sum(r[f == lv[1]]),
      z = (U1 - n1 * n2 / 2) / sigma,
      p = w$p.value,
      exact = grepl("exact", w$method),
      p_asymptotic = wa$p.value,
      rank_biserial = 2 * U1 / (n1 * n2) - 1)
  }
  out
}

# ---------------------------------------------------------------- item tests
item_block <- function(df, items, g) {
  out <- list()
  for (it in items) {
    keep <- !is.na(df[[it]]) & !is.na(g)
    y <- df[[it]][keep]
    f <- factor(g[keep], levels = sorted_levels(g[keep]))
    lv <- levels(f)
    e <- list(item = it, levels = jarray(lv), groups = group_rows(y, f))
    if (length(lv) == 2) {
      x1 <- y[f == lv[1]]; x2 <- y[f == lv[2]]
      st <- t.test(x1, x2, var.equal = TRUE); we <- t.test(x1, x2, var.equal = FALSE)
      sp <- sqrt(((length(x1) - 1) * var(x1) + (length(x2) - 1) * var(x2)) / (length(y) - 2))
      e$student <- list(t = unname(st$statistic), df = unname(st$parameter), p = st$p.value,
                        t_critical = qt(0.975, unname(st$parameter)))
      e$welch <- list(t = unname(we$statistic), df = unname(we$parameter), p = we$p.value,
                      t_critical = qt(0.975, unname(we$parameter)))
      e$levene_mean <- levene(y, f, mean)
      e$cohen_d <- (mean(x1) - mean(x2)) / sp
      e$mann_whitney_p <- suppressWarnings(wilcox.test(x1, x2, correct = TRUE))$p.value
    }
    tab <- summary(aov(y ~ f))[[1]]
    e$anova <- list(F = tab[1, "F value"], df1 = as.integer(tab[1, "Df"]),
                    df2 = as.integer(tab[2, "Df"]), p = tab[1, "Pr(>F)"],
                    F_critical = qf(0.95, tab[1, "Df"], tab[2, "Df"]))
    kw <- kruskal.test(y ~ f)
    e$kruskal_wallis <- list(H = unname(kw$statistic), p = kw$p.value)
    out[[length(out) + 1]] <- e
  }
  # Adjusted p over the items of one scale and one grouping column.
  p <- vapply(out, function(e) if (!is.null(e$student)) e$student$p else e$anova$p, numeric(1))
  for (meth in c("holm", "bonferroni", "BH")) {
    adj <- p.adjust(p, method = meth)
    for (q in seq_along(out)) out[[q]][[paste0("p_", tolower(meth))]] <- adj[q]
  }
  jarray(out)
}

# ---------------------------------------------------------------- crosstab
crosstab_block <- function(a, b, rname, cname) {
  keep <- !is.na(a) & !is.na(b)
  ra <- factor(as.character(a[keep]), levels = sorted_levels(a[keep]))
  cb <- factor(as.character(b[keep]), levels = sorted_levels(b[keep]))
  tab <- table(ra, cb)
  N <- sum(tab)
  cs <- suppressWarnings(chisq.test(tab, correct = FALSE))
  E <- cs$expected
  G2 <- 2 * sum(ifelse(tab > 0, tab * log(tab / E), 0))
  df <- as.integer(cs$parameter)
  out <- list(
    row = rname, column = cname, row_levels = jarray(levels(ra)), column_levels = jarray(levels(cb)),
    n = as.integer(N),
    counts = jarray(lapply(seq_len(nrow(tab)), function(i) jarray(as.integer(tab[i, ])))),
    expected = jarray(lapply(seq_len(nrow(E)), function(i) jarray(as.numeric(E[i, ])))),
    pearson = list(chi2 = unname(cs$statistic), df = df, p = cs$p.value),
    likelihood_ratio = list(G2 = G2, df = df, p = pchisq(G2, df, lower.tail = FALSE)),
    cramers_v = sqrt(unname(cs$statistic) / (N * (min(dim(tab)) - 1))),
    n_expected_below_5 = as.integer(sum(E < 5)),
    n_cells = as.integer(length(E))
  )
  if (all(dim(tab) == 2)) {
    yc <- suppressWarnings(chisq.test(tab, correct = TRUE))
    out$yates <- list(chi2 = unname(yc$statistic), df = 1L, p = yc$p.value)
    out$phi <- (tab[1, 1] * tab[2, 2] - tab[1, 2] * tab[2, 1]) /
      sqrt(prod(rowSums(tab)) * prod(colSums(tab)))
    out$fisher <- list(p = fisher.test(tab)$p.value,
                       p_less = fisher.test(tab, alternative = "less")$p.value,
                       p_greater = fisher.test(tab, alternative = "greater")$p.value)
  }
  out
}

# ---------------------------------------------------------------- correlations
corr_block <- function(vars) {
  nm <- names(vars); out <- list()
  for (p in pairs_of(nm)) {
    x <- vars[[p[1]]]; y <- vars[[p[2]]]
    keep <- !is.na(x) & !is.na(y)
    x <- x[keep]; y <- y[keep]
    pe <- cor.test(x, y, method = "pearson")
    sp <- suppressWarnings(cor.test(x, y, method = "spearman", exact = FALSE))
    # R's default (exact = NULL): AS 89 without ties, the t approximation with them.
    sp_default <- suppressWarnings(cor.test(x, y, method = "spearman"))
    n <- length(x)
    out[[length(out) + 1]] <- list(
      x = nm[p[1]], y = nm[p[2]], n = n,
      pearson = list(r = unname(pe$estimate), t = unname(pe$statistic), df = unname(pe$parameter),
                     p = pe$p.value, ci95 = jarray(as.numeric(pe$conf.int))),
      spearman = list(rho = unname(sp$estimate), p = sp$p.value, p_default = sp_default$p.value))
  }
  jarray(out)
}

# ---------------------------------------------------------------- main
data(bfi, package = "psych", envir = environment())
bfi_out <- data.frame(respondent = sprintf("R%04d", seq_len(nrow(bfi))),
                      gender = bfi$gender, education = bfi$education,
                      bfi[, c("A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5")])
write.csv(bfi_out, file.path(here, "datasets", "bfi_subset.csv"), row.names = FALSE, na = "",
          quote = FALSE)

manifest <- jsonlite::fromJSON(file.path(here, "manifest.json"), simplifyVector = FALSE)
for (name in names(manifest$datasets)) {
  m <- manifest$datasets[[name]]
  df <- read.csv(file.path(here, m$file), na.strings = c(""), stringsAsFactors = FALSE,
                 check.names = FALSE, colClasses = "character")
  P <- m$scale_points
  all_items <- unlist(m$scales, use.names = FALSE)
  for (it in all_items) df[[it]] <- as.numeric(df[[it]])
  for (it in unlist(m$reverse)) df[[it]] <- P + 1 - df[[it]]
  scores <- lapply(m$scales, function(items) rowSums(df[, unlist(items), drop = FALSE]))
  out <- list(dataset = name, anova = list(), rank_tests = list(), item_tests = list())
  for (g in unlist(m$groups)) {
    gv <- df[[g]]
    for (sc in names(m$scales)) {
      keep <- !is.na(scores[[sc]]) & !is.na(gv)
      y <- scores[[sc]][keep]
      f <- factor(gv[keep], levels = sorted_levels(gv[keep]))
      out$anova[[length(out$anova) + 1]] <- anova_block(y, f, sc, g)
      out$rank_tests[[length(out$rank_tests) + 1]] <- rank_block(y, f, sc, g)
      out$item_tests[[length(out$item_tests) + 1]] <- list(
        scale = sc, group = g, items = item_block(df, unlist(m$scales[[sc]]), gv))
    }
  }
  out$anova <- jarray(out$anova)
  out$rank_tests <- jarray(out$rank_tests)
  out$item_tests <- jarray(out$item_tests)
  out$crosstabs <- jarray(lapply(m$crosstabs, function(ct) {
    crosstab_block(df[[ct[[1]]]], df[[ct[[2]]]], ct[[1]], ct[[2]])
  }))
  vars <- list()
  for (v in unlist(m$correlations)) vars[[v]] <- if (v %in% names(scores)) scores[[v]] else df[[v]]
  out$correlations <- corr_block(vars)
  # Item-to-item correlations of every scale (after reverse-keying), each pair over its
  # pairwise-complete cases; each item's N, mean and SD over its answered cases.
  out$item_correlations <- jarray(lapply(names(m$scales), function(sc) {
    items <- unlist(m$scales[[sc]])
    list(scale = sc, items = jarray(items),
         n = jarray(sapply(items, function(it) sum(!is.na(df[[it]])), USE.NAMES = FALSE)),
         mean = jarray(sapply(items, function(it) mean(df[[it]], na.rm = TRUE), USE.NAMES = FALSE)),
         sd = jarray(sapply(items, function(it) sd(df[[it]], na.rm = TRUE), USE.NAMES = FALSE)),
         pairs = corr_block(df[items]))
  }))
  writeLines(to_json(out), file.path(out_dir, paste0(name, ".json")))
  cat("wrote", file.path(out_dir, paste0(name, ".json")), "\n")
}
