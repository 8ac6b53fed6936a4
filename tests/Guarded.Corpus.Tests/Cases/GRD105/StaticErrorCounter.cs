// case: static error counter incremented from a catch block
using System;

public static class ErrorBudget
{
    private static int s_errors;

    public static void Run(Action action)
    {
        try
        {
            action();
        }
        catch (InvalidOperationException)
        {
            s_errors++; // expect: GRD105
        }
    }

    public static int Errors => s_errors;
}
